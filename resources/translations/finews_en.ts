<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ArchiveSettingsDialog</name>
    <message numerus="yes">
        <source>%1 — %n post(s)</source>
        <translation>
            <numerusform>%1 — %n post</numerusform>
            <numerusform>%1 — %n posts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkEditDialog</name>
    <message numerus="yes">
        <source>Edit %n post(s)</source>
        <translation>
            <numerusform>Edit %n post</numerusform>
            <numerusform>Edit %n posts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CurationUi</name>
    <message numerus="yes">
        <source>Edit %n post(s)</source>
        <translation>
            <numerusform>Edit %n post</numerusform>
            <numerusform>Edit %n posts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n post(s) to the trash</source>
        <translation>
            <numerusform>Move %n post to the trash</numerusform>
            <numerusform>Move %n posts to the trash</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the %n post(s) in the trash for good? This cannot be undone.</source>
        <translation>
            <numerusform>Delete the %n post in the trash for good? This cannot be undone.</numerusform>
            <numerusform>Delete the %n posts in the trash for good? This cannot be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>&amp;Selected posts (%n)</source>
        <translation>
            <numerusform>&amp;Selected posts (%n)</numerusform>
            <numerusform>&amp;Selected posts (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Current search res&amp;ult (%n)</source>
        <translation>
            <numerusform>Current search res&amp;ult (%n)</numerusform>
            <numerusform>Current search res&amp;ult (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The &amp;whole library (%n)</source>
        <translation>
            <numerusform>The &amp;whole library (%n)</numerusform>
            <numerusform>The &amp;whole library (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n)</source>
        <translation>
            <numerusform>%1 (%n)</numerusform>
            <numerusform>%1 (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportReportDialog</name>
    <message numerus="yes">
        <source>%n post(s) exported to %1.</source>
        <translation>
            <numerusform>%n post exported to %1.</numerusform>
            <numerusform>%n posts exported to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportTableDialog</name>
    <message numerus="yes">
        <source>The current search res&amp;ult (%n post(s))</source>
        <translation>
            <numerusform>The current search res&amp;ult (%n post)</numerusform>
            <numerusform>The current search res&amp;ult (%n posts)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The &amp;whole library (%n post(s))</source>
        <translation>
            <numerusform>The &amp;whole library (%n post)</numerusform>
            <numerusform>The &amp;whole library (%n posts)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportUi</name>
    <message numerus="yes">
        <source>Exported %n post(s) to %1.</source>
        <translation>
            <numerusform>Exported %n post to %1.</numerusform>
            <numerusform>Exported %n posts to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message numerus="yes">
        <source>%n post(s) already in the library read again by the site&apos;s changed settings.</source>
        <translation>
            <numerusform>%n post already in the library read again by the site&apos;s changed settings.</numerusform>
            <numerusform>%n posts already in the library read again by the site&apos;s changed settings.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rule of “%1”: %n post(s) tagged %2</source>
        <translation>
            <numerusform>Rule of “%1”: %n post tagged %2</numerusform>
            <numerusform>Rule of “%1”: %n posts tagged %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rule of “%1”: %n post(s) added to collection %2</source>
        <translation>
            <numerusform>Rule of “%1”: %n post added to collection %2</numerusform>
            <numerusform>Rule of “%1”: %n posts added to collection %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotesExportUi</name>
    <message numerus="yes">
        <source>Wrote %n note(s) to %1.</source>
        <translation>
            <numerusform>Wrote %n note to %1.</numerusform>
            <numerusform>Wrote %n notes to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PostCommands</name>
    <message numerus="yes">
        <source>Copied %Ln citations</source>
        <translation>
            <numerusform>Copied %Ln citation</numerusform>
            <numerusform>Copied %Ln citations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln posts</source>
        <translation>
            <numerusform>Copied %Ln post</numerusform>
            <numerusform>Copied %Ln posts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PostPreview</name>
    <message numerus="yes">
        <source>%n images not loaded: %1</source>
        <translation>
            <numerusform>%n image not loaded: %1</numerusform>
            <numerusform>%n images not loaded: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PostTableModel</name>
    <message numerus="yes">
        <source>+%n copies</source>
        <translation>
            <numerusform>+%n copy</numerusform>
            <numerusform>+%n copies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message numerus="yes">
        <source>%Ln matches</source>
        <translation>
            <numerusform>%Ln match</numerusform>
            <numerusform>%Ln matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message numerus="yes">
        <source>%n post file(s) gone from the folder; their posts stay in the library</source>
        <translation>
            <numerusform>%n post file gone from the folder; its post stays in the library</numerusform>
            <numerusform>%n post files gone from the folder; their posts stay in the library</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SidebarNameActions</name>
    <message numerus="yes">
        <source>“%1” already exists. Merge “%2” into it? This changes %n post(s).</source>
        <translation>
            <numerusform>“%1” already exists. Merge “%2” into it? This changes %n post.</numerusform>
            <numerusform>“%1” already exists. Merge “%2” into it? This changes %n posts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %1? It is taken off %n post(s).</source>
        <translation>
            <numerusform>Delete %1? It is taken off %n post.</numerusform>
            <numerusform>Delete %1? It is taken off %n posts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StockPageView</name>
    <message numerus="yes">
        <source>%n post(s)</source>
        <translation>
            <numerusform>%n post</numerusform>
            <numerusform>%n posts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StoriesUi</name>
    <message numerus="yes">
        <source>Keep one, move %n other copies to the trash</source>
        <translation>
            <numerusform>Keep one, move the other copy to the trash</numerusform>
            <numerusform>Keep one, move %n other copies to the trash</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StoryPanel</name>
    <message numerus="yes">
        <source>History: %n version(s)</source>
        <translation>
            <numerusform>History: %n version</numerusform>
            <numerusform>History: %n versions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Also published by… (%n)</source>
        <translation>
            <numerusform>Also published by… (%n)</numerusform>
            <numerusform>Also published by… (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TableExportUi</name>
    <message numerus="yes">
        <source>Wrote %n row(s) to %1.</source>
        <translation>
            <numerusform>Wrote %n row to %1.</numerusform>
            <numerusform>Wrote %n rows to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message numerus="yes">
        <source>%1: %n post(s)</source>
        <translation>
            <numerusform>%1: %n post</numerusform>
            <numerusform>%1: %n posts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WatchMenus</name>
    <message numerus="yes">
        <source>The rules of “%1” changed %n post(s)</source>
        <translation>
            <numerusform>The rules of “%1” changed %n post</numerusform>
            <numerusform>The rules of “%1” changed %n posts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_NamesTab</name>
    <message numerus="yes">
        <source>%n name(s)</source>
        <translation>
            <numerusform>%n name</numerusform>
            <numerusform>%n names</numerusform>
        </translation>
    </message>
</context>
</TS>
