<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <source>Open &amp;Library…</source>
        <translation>打开文库(&amp;L)…</translation>
    </message>
    <message>
        <source>Open another library folder (the open one is closed)</source>
        <translation>打开另一个文库文件夹（当前文库将被关闭）</translation>
    </message>
    <message>
        <source>Import &amp;Files…</source>
        <translation>导入文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Import Jekyll post files or .zip archives</source>
        <translation>导入 Jekyll 文章文件或 .zip 压缩包</translation>
    </message>
    <message>
        <source>Import F&amp;older…</source>
        <translation>导入文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>Import a Jekyll archive folder</source>
        <translation>导入 Jekyll 归档文件夹</translation>
    </message>
    <message>
        <source>&amp;Watch Folder…</source>
        <translation>监视文件夹(&amp;W)…</translation>
    </message>
    <message>
        <source>Import a Jekyll site folder now and its new and changed posts as they appear</source>
        <translation>立即导入一个 Jekyll 网站文件夹，之后自动导入其中新增和修改的文章</translation>
    </message>
    <message>
        <source>&amp;Cancel Import</source>
        <translation>取消导入(&amp;C)</translation>
    </message>
    <message>
        <source>Last Import &amp;Report</source>
        <translation>上次导入报告(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Copy Titles and Links</source>
        <translation>复制标题和链接(&amp;C)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Search the library (Ctrl+F or Ctrl+K)</source>
        <translation>搜索文库（Ctrl+F 或 Ctrl+K）</translation>
    </message>
    <message>
        <source>Show All &amp;Posts</source>
        <translation>显示全部文章(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Open in Preview</source>
        <translation>在预览中打开(&amp;O)</translation>
    </message>
    <message>
        <source>Open &amp;Original</source>
        <translation>打开原文(&amp;O)</translation>
    </message>
    <message>
        <source>Open the news item&apos;s source page in the web browser</source>
        <translation>在浏览器中打开这条新闻的原始网页</translation>
    </message>
    <message>
        <source>Copy C&amp;itation</source>
        <translation>复制引用(&amp;I)</translation>
    </message>
    <message>
        <source>Title, source, date and link of the selected posts, as plain text</source>
        <translation>以纯文本复制所选文章的标题、来源、日期和链接</translation>
    </message>
    <message>
        <source>Copy Citation as &amp;Markdown</source>
        <translation>以 Markdown 复制引用(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Descending</source>
        <translation>降序(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Go to Side&amp;bar</source>
        <translation>转到侧栏(&amp;B)</translation>
    </message>
    <message>
        <source>Go to Post &amp;List</source>
        <translation>转到文章列表(&amp;L)</translation>
    </message>
    <message>
        <source>Go to Pre&amp;view</source>
        <translation>转到预览(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Source</source>
        <translation>来源(&amp;S)</translation>
    </message>
    <message>
        <source>T&amp;ags</source>
        <translation>标签(&amp;A)</translation>
    </message>
    <message>
        <source>Stoc&amp;ks</source>
        <translation>股票(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Warnings</source>
        <translation>警告(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Relevance</source>
        <translation>相关度(&amp;R)</translation>
    </message>
    <message>
        <source>Search &amp;Syntax</source>
        <translation>搜索语法(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;About finews-desktop</source>
        <translation>关于 finews-desktop(&amp;A)</translation>
    </message>
</context>
<context>
    <name>ArchiveSettingsDialog</name>
    <message>
        <source>Archive Settings</source>
        <translation>归档设置</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n post(s)</source>
        <translation>
            <numerusform>%1 — %n 篇文章</numerusform>
        </translation>
    </message>
    <message>
        <source>No _config.yml: Jekyll&apos;s defaults</source>
        <translation>没有 _config.yml：使用 Jekyll 的默认设置</translation>
    </message>
    <message>
        <source>Apply and Re-read Posts</source>
        <translation>应用并重新读取文章</translation>
    </message>
    <message>
        <source>&amp;Archive:</source>
        <translation>归档(&amp;A)：</translation>
    </message>
    <message>
        <source>Imported from:</source>
        <translation>导入自：</translation>
    </message>
    <message>
        <source>&amp;Time zone:</source>
        <translation>时区(&amp;T)：</translation>
    </message>
    <message>
        <source>Settings applied:</source>
        <translation>已应用的设置：</translation>
    </message>
    <message>
        <source>The site&apos;s _&amp;config.yml as the library keeps it (editing it here does not change the site):</source>
        <translation>文库保存的站点 _config.yml（在此编辑不会改动站点本身）(&amp;C)：</translation>
    </message>
    <message>
        <source>Set by the site&apos;s _config.yml (timezone: %1).</source>
        <translation>由站点的 _config.yml 设定（timezone: %1）。</translation>
    </message>
    <message>
        <source>The site sets no timezone: Jekyll would use the zone of the computer that builds it. Its dates and URLs use this zone; change it and they are read again.</source>
        <translation>站点未设置 timezone：Jekyll 会使用构建它的电脑的时区。这些文章的日期和网址使用此时区；更改后会重新读取。</translation>
    </message>
    <message>
        <source>Jekyll&apos;s defaults</source>
        <translation>Jekyll 的默认设置</translation>
    </message>
    <message>
        <source>%1 is not a time zone this computer knows.</source>
        <translation>这台电脑不认识时区 %1。</translation>
    </message>
    <message>
        <source>Jekyll would refuse these settings: %1</source>
        <translation>Jekyll 会拒绝这些设置：%1</translation>
    </message>
</context>
<context>
    <name>ArchiveSettingsUi</name>
    <message>
        <source>&amp;Archive Settings…</source>
        <translation>归档设置(&amp;A)…</translation>
    </message>
    <message>
        <source>The time zone and _config.yml each imported site&apos;s posts are read by</source>
        <translation>每个已导入站点读取文章时所用的时区和 _config.yml</translation>
    </message>
    <message>
        <source>Archive Settings</source>
        <translation>归档设置</translation>
    </message>
    <message>
        <source>Import a site first: it has no archives.</source>
        <translation>请先导入一个站点：文库中还没有归档。</translation>
    </message>
    <message>
        <source>Change archive settings</source>
        <translation>更改归档设置</translation>
    </message>
</context>
<context>
    <name>BulkEditDialog</name>
    <message numerus="yes">
        <source>Edit %n post(s)</source>
        <translation>
            <numerusform>编辑 %n 篇文章</numerusform>
        </translation>
    </message>
    <message>
        <source>Leave as they are</source>
        <translation>保持不变</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Set to</source>
        <translation>设为</translation>
    </message>
    <message>
        <source>Add tags:</source>
        <translation>添加标签：</translation>
    </message>
    <message>
        <source>Remove tags:</source>
        <translation>移除标签：</translation>
    </message>
    <message>
        <source>Categories:</source>
        <translation>分类：</translation>
    </message>
</context>
<context>
    <name>CurationUi</name>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销 %1(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做 %1(&amp;R)</translation>
    </message>
    <message>
        <source>Save &amp;Search…</source>
        <translation>保存搜索(&amp;S)…</translation>
    </message>
    <message>
        <source>Saved Searc&amp;hes</source>
        <translation>已保存的搜索(&amp;H)</translation>
    </message>
    <message>
        <source>Type a search first; then save it under a name.</source>
        <translation>请先输入搜索，再为它命名保存。</translation>
    </message>
    <message>
        <source>Save Search</source>
        <translation>保存搜索</translation>
    </message>
    <message>
        <source>Save search %1</source>
        <translation>保存搜索 %1</translation>
    </message>
    <message>
        <source>Delete Saved Search</source>
        <translation>删除已保存的搜索</translation>
    </message>
    <message>
        <source>Delete search %1</source>
        <translation>删除搜索 %1</translation>
    </message>
    <message>
        <source>No saved searches</source>
        <translation>没有已保存的搜索</translation>
    </message>
    <message>
        <source>Export Collection To</source>
        <translation>导出合集到</translation>
    </message>
    <message>
        <source>Exported %1 posts of %2 to %3</source>
        <translation>已将 %2 的 %1 篇文章导出到 %3</translation>
    </message>
    <message>
        <source>Export Collection…</source>
        <translation>导出合集…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Tags and Categories…</source>
        <translation>标签和分类(&amp;T)…</translation>
    </message>
    <message>
        <source>Edit Tags and &amp;Categories of Selected…</source>
        <translation>编辑所选文章的标签和分类(&amp;C)…</translation>
    </message>
    <message>
        <source>Edit &amp;Post…</source>
        <translation>编辑文章(&amp;P)…</translation>
    </message>
    <message>
        <source>Move to &amp;Trash</source>
        <translation>移到回收站(&amp;T)</translation>
    </message>
    <message>
        <source>Restore from Trash</source>
        <translation>从回收站恢复</translation>
    </message>
    <message>
        <source>Empty Trash…</source>
        <translation>清空回收站…</translation>
    </message>
    <message>
        <source>New &amp;Collection…</source>
        <translation>新建合集(&amp;C)…</translation>
    </message>
    <message>
        <source>Add to C&amp;ollection</source>
        <translation>添加到合集(&amp;O)</translation>
    </message>
    <message>
        <source>Add to collection %1</source>
        <translation>添加到合集 %1</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message numerus="yes">
        <source>Edit %n post(s)</source>
        <translation>
            <numerusform>编辑 %n 篇文章</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit post</source>
        <translation>编辑文章</translation>
    </message>
    <message numerus="yes">
        <source>Move %n post(s) to the trash</source>
        <translation>
            <numerusform>将 %n 篇文章移到回收站</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore from the trash</source>
        <translation>从回收站恢复</translation>
    </message>
    <message numerus="yes">
        <source>Delete the %n post(s) in the trash for good? This cannot be undone.</source>
        <translation>
            <numerusform>永久删除回收站中的 %n 篇文章？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>Empty Trash</source>
        <translation>清空回收站</translation>
    </message>
    <message>
        <source>New Collection</source>
        <translation>新建合集</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>New collection %1</source>
        <translation>新建合集 %1</translation>
    </message>
    <message>
        <source>New Collection…</source>
        <translation>新建合集…</translation>
    </message>
    <message>
        <source>Rename Collection</source>
        <translation>重命名合集</translation>
    </message>
    <message>
        <source>Rename collection %1</source>
        <translation>重命名合集 %1</translation>
    </message>
    <message>
        <source>Rename Collection…</source>
        <translation>重命名合集…</translation>
    </message>
    <message>
        <source>Delete Collection</source>
        <translation>删除合集</translation>
    </message>
    <message>
        <source>Delete collection %1</source>
        <translation>删除合集 %1</translation>
    </message>
</context>
<context>
    <name>DropHint</name>
    <message>
        <source>Drop to import into the library</source>
        <translation>松开鼠标即可导入文库</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Your library is empty</source>
        <translation>文库还是空的</translation>
    </message>
    <message>
        <source>Drop a Jekyll archive folder (the one holding _posts), post files or a .zip anywhere on this window to import it, or choose one.</source>
        <translation>把 Jekyll 归档文件夹（包含 _posts 的那个）、文章文件或 .zip 压缩包拖到本窗口任意位置即可导入，也可以点下面的按钮选择。</translation>
    </message>
    <message>
        <source>No posts match this search</source>
        <translation>没有符合此搜索的文章</translation>
    </message>
    <message>
        <source>Check the spelling, or use fewer terms.</source>
        <translation>请检查拼写，或减少搜索条件。</translation>
    </message>
    <message>
        <source>The trash is empty</source>
        <translation>回收站是空的</translation>
    </message>
    <message>
        <source>Posts moved to the trash are kept here until emptied.</source>
        <translation>移入回收站的文章会保留在这里，直到清空回收站。</translation>
    </message>
    <message>
        <source>This collection is empty</source>
        <translation>此合集是空的</translation>
    </message>
    <message>
        <source>Drag posts onto the collection in the sidebar, or use Add to Collection.</source>
        <translation>把文章拖到侧栏中的合集上，或使用“添加到合集”。</translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation>没有警告</translation>
    </message>
    <message>
        <source>Jekyll reads every post without a warning.</source>
        <translation>Jekyll 读取每篇文章时都没有警告。</translation>
    </message>
    <message>
        <source>Nothing imported yet</source>
        <translation>尚未导入任何内容</translation>
    </message>
    <message>
        <source>The posts of the last import are listed here.</source>
        <translation>这里列出最近一次导入的文章。</translation>
    </message>
    <message>
        <source>Import Folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <source>Import Files…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Show All Posts</source>
        <translation>显示全部文章</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Posts</source>
        <translation>文章</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Selected posts (%n)</source>
        <translation>
            <numerusform>选中的文章 (%n)(&amp;S)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Current search res&amp;ult (%n)</source>
        <translation>
            <numerusform>当前搜索结果 (%n)(&amp;U)</numerusform>
        </translation>
    </message>
    <message>
        <source>C&amp;ollection:</source>
        <translation>收藏集(&amp;O)：</translation>
    </message>
    <message numerus="yes">
        <source>The &amp;whole library (%n)</source>
        <translation>
            <numerusform>整个文库 (%n)(&amp;W)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n)</source>
        <translation>
            <numerusform>%1 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>A &amp;folder</source>
        <translation>文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>A &amp;zip archive</source>
        <translation>zip 压缩包(&amp;Z)</translation>
    </message>
    <message>
        <source>Write to:</source>
        <translation>写入：</translation>
    </message>
    <message>
        <source>A new or empty folder, or a .zip file</source>
        <translation>新的或空的文件夹，或 .zip 文件</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Pa&amp;th:</source>
        <translation>路径(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Include the site&apos;s other files (layouts, includes, assets, _config.yml)</source>
        <translation>包含网站的其他文件（布局、包含文件、资源、_config.yml）(&amp;I)</translation>
    </message>
    <message>
        <source>Write each post&apos;s private note into its front &amp;matter (note:)</source>
        <translation>把每篇文章的私人笔记写入其前言(&amp;M)（note:）</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>The files kept when a whole site was imported, so that the export builds like the original</source>
        <translation>导入整个网站时保存的文件，使导出的网站与原网站构建结果一致</translation>
    </message>
    <message>
        <source>&amp;Posts only (no _config.yml, no category pages)</source>
        <translation>仅文章（不含 _config.yml 和分类页）(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Add to a folder that is not empty</source>
        <translation>添加到非空文件夹(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Replace files that differ</source>
        <translation>替换内容不同的文件(&amp;R)</translation>
    </message>
    <message>
        <source>Portable &amp;names (for copying to Windows or macOS)</source>
        <translation>可移植文件名（用于复制到 Windows 或 macOS）(&amp;N)</translation>
    </message>
    <message>
        <source>Rename files whose names Windows or macOS cannot hold (such as &apos;:&apos; or &apos;?&apos;); otherwise every name the destination can hold is kept exactly</source>
        <translation>重命名 Windows 或 macOS 无法使用的文件名（如 &apos;:&apos; 或 &apos;?&apos;）；否则，目标位置能容纳的文件名都按原样保留</translation>
    </message>
    <message>
        <source>Off: the posts are written byte for byte as imported; notes stay in the library</source>
        <translation>不勾选：文章按导入时的字节原样写出；笔记只留在文库中</translation>
    </message>
    <message>
        <source>Export to a Zip Archive</source>
        <translation>导出为 zip 压缩包</translation>
    </message>
    <message>
        <source>Zip archives (*.zip)</source>
        <translation>zip 压缩包 (*.zip)</translation>
    </message>
    <message>
        <source>Export to a Folder</source>
        <translation>导出到文件夹</translation>
    </message>
</context>
<context>
    <name>ExportNotesDialog</name>
    <message>
        <source>Export Notes</source>
        <translation>导出笔记</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Notes of</source>
        <translation>哪些文章的笔记</translation>
    </message>
    <message>
        <source>The posts of this &amp;view</source>
        <translation>当前视图中的文章(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Every post</source>
        <translation>所有文章(&amp;E)</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>&amp;CSV table (id, date, title, link, note, updated)</source>
        <translation>&amp;CSV 表格（编号、日期、标题、链接、笔记、更新时间）</translation>
    </message>
    <message>
        <source>&amp;Markdown (a heading per post, its note below)</source>
        <translation>&amp;Markdown（每篇文章一个标题，下面是笔记）</translation>
    </message>
    <message>
        <source>A .csv or .md file</source>
        <translation>.csv 或 .md 文件</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
</context>
<context>
    <name>ExportReportDialog</name>
    <message>
        <source>Export Cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <source>Export Finished</source>
        <translation>导出完成</translation>
    </message>
    <message>
        <source>The export was cancelled; nothing was written to %1.</source>
        <translation>导出已取消；没有向 %1 写入任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) exported to %1.</source>
        <translation>
            <numerusform>已将 %n 篇文章导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>&amp;Open Folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>Posts exported:</source>
        <translation>导出的文章：</translation>
    </message>
    <message>
        <source>Files written:</source>
        <translation>写入的文件：</translation>
    </message>
    <message>
        <source>The site&apos;s other files:</source>
        <translation>网站的其他文件：</translation>
    </message>
    <message>
        <source>Already there, unchanged:</source>
        <translation>已存在且未变：</translation>
    </message>
    <message>
        <source>Written under another name:</source>
        <translation>以其他名称写入：</translation>
    </message>
    <message>
        <source>Conflicts (not written):</source>
        <translation>冲突（未写入）：</translation>
    </message>
    <message>
        <source>Posts Jekyll will not build:</source>
        <translation>Jekyll 不会构建的文章：</translation>
    </message>
    <message>
        <source>Posts left out (path too long):</source>
        <translation>未导出的文章（路径过长）：</translation>
    </message>
    <message>
        <source>the name is not safe on every system</source>
        <translation>该名称并非在所有系统上都安全</translation>
    </message>
    <message>
        <source>the destination cannot hold the name</source>
        <translation>目标位置无法使用该文件名</translation>
    </message>
    <message>
        <source>Windows or macOS cannot hold the name</source>
        <translation>Windows 或 macOS 无法使用该文件名</translation>
    </message>
    <message>
        <source>another file has the name</source>
        <translation>已有其他文件使用该名称</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>未导出</translation>
    </message>
    <message>
        <source>Aborts the build</source>
        <translation>使构建中止</translation>
    </message>
    <message>
        <source>Not built</source>
        <translation>不会构建</translation>
    </message>
    <message>
        <source>written as %1: %2</source>
        <translation>写为 %1：%2</translation>
    </message>
    <message>
        <source>Renamed</source>
        <translation>已改名</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Jekyll does not take it for a post (its name does not start with a date)</source>
        <translation>Jekyll 不把它当作文章（文件名不以日期开头）</translation>
    </message>
    <message>
        <source>not UTF-8: Jekyll skips it</source>
        <translation>不是 UTF-8：Jekyll 会跳过它</translation>
    </message>
    <message>
        <source>published: false: Jekyll does not publish it</source>
        <translation>published: false：Jekyll 不发布它</translation>
    </message>
    <message>
        <source>dated after the build: Jekyll builds it once that time has passed</source>
        <translation>日期晚于构建时间：到了那个时间 Jekyll 才会构建它</translation>
    </message>
    <message>
        <source>a draft: Jekyll builds it only with show_drafts: true</source>
        <translation>草稿：只有设置 show_drafts: true 时 Jekyll 才会构建它</translation>
    </message>
    <message>
        <source>older than the newest posts the site&apos;s limit_posts keeps</source>
        <translation>早于站点 limit_posts 保留的最新文章</translation>
    </message>
    <message>
        <source>a date Jekyll cannot read: the whole build stops</source>
        <translation>Jekyll 无法读取的日期：整个构建会中止</translation>
    </message>
    <message>
        <source>a name Jekyll cannot make a URL of: the whole build stops</source>
        <translation>Jekyll 无法生成网址的名称：整个构建会中止</translation>
    </message>
    <message>
        <source>a file name that is not UTF-8: the whole build stops</source>
        <translation>文件名不是 UTF-8：整个构建会中止</translation>
    </message>
    <message>
        <source>a .yml file: Jekyll reads it as data, not as a post</source>
        <translation>.yml 文件：Jekyll 将其读作数据而非文章</translation>
    </message>
    <message>
        <source>a different file is there (tick “Replace files that differ” to replace it)</source>
        <translation>该处已有不同的文件（勾选“替换内容不同的文件”即可替换）</translation>
    </message>
    <message>
        <source>a folder or a link of that name is there</source>
        <translation>该处已有同名的文件夹或链接</translation>
    </message>
    <message>
        <source>the folder leads outside the destination</source>
        <translation>该文件夹指向目标之外</translation>
    </message>
    <message>
        <source>a file appeared there during the export</source>
        <translation>导出期间该处出现了一个文件</translation>
    </message>
</context>
<context>
    <name>ExportTableDialog</name>
    <message>
        <source>Export Table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>&amp;Posts</source>
        <translation>文章(&amp;P)</translation>
    </message>
    <message>
        <source>one row per post: date, title, source, link, tags, stocks…</source>
        <translation>每篇文章一行：日期、标题、来源、链接、标签、股票…</translation>
    </message>
    <message>
        <source>S&amp;tocks</source>
        <translation>股票(&amp;T)</translation>
    </message>
    <message>
        <source>one row per stock: symbol (600160.SH), kind, name, posts, first and last mention</source>
        <translation>每只股票一行：代码（600160.SH）、类别、名称、文章数、首次与最近一次提及</translation>
    </message>
    <message>
        <source>&amp;Mentions</source>
        <translation>提及(&amp;M)</translation>
    </message>
    <message>
        <source>one row per stock a post mentions: post, date, symbol, position</source>
        <translation>文章提及的每只股票一行：文章、日期、代码、位置</translation>
    </message>
    <message>
        <source>Of</source>
        <translation>范围</translation>
    </message>
    <message numerus="yes">
        <source>The current search res&amp;ult (%n post(s))</source>
        <translation>
            <numerusform>当前搜索结果（%n 篇文章）(&amp;U)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The &amp;whole library (%n post(s))</source>
        <translation>
            <numerusform>整个文库（%n 篇文章）(&amp;W)</numerusform>
        </translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>&amp;CSV (UTF-8)</source>
        <translation>CSV（UTF-8）(&amp;C)</translation>
    </message>
    <message>
        <source>P&amp;arquet</source>
        <translation>Parquet(&amp;A)</translation>
    </message>
    <message>
        <source>With a &amp;byte order mark, for opening in Excel</source>
        <translation>带字节顺序标记（BOM），便于用 Excel 打开(&amp;B)</translation>
    </message>
    <message>
        <source>Parquet needs pyarrow: pip install &apos;finews-desktop[analysis]&apos;</source>
        <translation>Parquet 格式需要 pyarrow：pip install &apos;finews-desktop[analysis]&apos;</translation>
    </message>
    <message>
        <source>A .csv or .parquet file</source>
        <translation>一个 .csv 或 .parquet 文件</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Parquet files (*.parquet)</source>
        <translation>Parquet 文件 (*.parquet)</translation>
    </message>
</context>
<context>
    <name>ExportUi</name>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Export posts as a Jekyll archive: a folder or a .zip</source>
        <translation>将文章导出为 Jekyll 存档：文件夹或 .zip</translation>
    </message>
    <message>
        <source>An export is already under way.</source>
        <translation>已有一个导出正在进行。</translation>
    </message>
    <message>
        <source>Exporting to %1</source>
        <translation>正在导出到 %1</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n post(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 篇文章导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>An unexpected error stopped the export (%1). Details are in the log.</source>
        <translation>意外错误中止了导出（%1）。详情见日志。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in post</source>
        <translation>在文章中查找</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配（Shift+Enter）</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一个匹配（Enter）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Import Report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <source>Imported: %1</source>
        <translation>新导入：%1</translation>
    </message>
    <message>
        <source>Updated: %1</source>
        <translation>已更新：%1</translation>
    </message>
    <message>
        <source>Unchanged: %1</source>
        <translation>未变化：%1</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <source>Warnings: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Errors: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>in %1 s</source>
        <translation>用时 %1 秒</translation>
    </message>
    <message>
        <source>The import was cancelled; every post written before that is complete.</source>
        <translation>导入已取消；取消前写入的每篇文章都是完整的。</translation>
    </message>
    <message>
        <source>none (Jekyll&apos;s defaults)</source>
        <translation>无（Jekyll 的默认设置）</translation>
    </message>
    <message>
        <source>dates in %2 (the site&apos;s timezone)</source>
        <translation>日期使用 %2（站点设置的时区）</translation>
    </message>
    <message>
        <source>dates in UTC: Ruby does not know the site&apos;s timezone, so Jekyll builds in UTC</source>
        <translation>日期使用 UTC：Ruby 不认识站点设置的时区，因此 Jekyll 按 UTC 构建</translation>
    </message>
    <message>
        <source>dates in %2 (the archive&apos;s zone: the site sets no timezone)</source>
        <translation>日期使用 %2（归档保存的时区：站点未设置 timezone）</translation>
    </message>
    <message>
        <source>dates in %2, this computer&apos;s zone: the site sets no timezone (File ▸ Archive Settings… changes it)</source>
        <translation>日期使用这台电脑的时区 %2：站点未设置 timezone（可在“文件 ▸ 归档设置…”中更改）</translation>
    </message>
    <message>
        <source>Site “%1”: settings applied: %3; %4</source>
        <translation>站点“%1”：已应用的设置：%3；%4</translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) already in the library read again by the site&apos;s changed settings.</source>
        <translation>
            <numerusform>文库中已有的 %n 篇文章已按站点更改后的设置重新读取。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rule of “%1”: %n post(s) tagged %2</source>
        <translation>
            <numerusform>“%1”的规则：%n 篇文章加上了标签 %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rule of “%1”: %n post(s) added to collection %2</source>
        <translation>
            <numerusform>“%1”的规则：%n 篇文章加入了合集 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>All problems</source>
        <translation>全部问题</translation>
    </message>
    <message>
        <source>Filter by file, reason or message</source>
        <translation>按文件、原因或说明筛选</translation>
    </message>
    <message>
        <source>Double-click a line to show its post</source>
        <translation>双击一行即可显示其文章</translation>
    </message>
    <message>
        <source>No warnings or errors.</source>
        <translation>没有警告或错误。</translation>
    </message>
    <message>
        <source>Copy Report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Copy the counts and the problems shown, as tab-separated text</source>
        <translation>以制表符分隔的文本复制统计数字和当前显示的问题</translation>
    </message>
</context>
<context>
    <name>ImportUi</name>
    <message>
        <source>Import Files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Jekyll posts and archives (*.md *.markdown *.html *.zip);;All files (*)</source>
        <translation>Jekyll 文章和压缩包 (*.md *.markdown *.html *.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import a Jekyll Archive Folder</source>
        <translation>导入 Jekyll 归档文件夹</translation>
    </message>
    <message>
        <source>The import will start when the current one ends.</source>
        <translation>当前导入结束后将开始这次导入。</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>正在导入 %1</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Import cancelled: %1 imported, %2 updated.</source>
        <translation>导入已取消：新导入 %1 篇，更新 %2 篇。</translation>
    </message>
    <message>
        <source>Import finished: %1 imported, %2 updated.</source>
        <translation>导入完成：新导入 %1 篇，更新 %2 篇。</translation>
    </message>
    <message>
        <source>An unexpected error stopped the import (%1). Details are in the log.</source>
        <translation>意外错误中止了导入（%1），详情见日志。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>The search index could not be updated: %1</source>
        <translation>无法更新搜索索引：%1</translation>
    </message>
    <message>
        <source>Indexing for search…</source>
        <translation>正在建立搜索索引…</translation>
    </message>
    <message>
        <source>This file has no post in the library.</source>
        <translation>文库中没有此文件的文章。</translation>
    </message>
</context>
<context>
    <name>InterruptedDialog</name>
    <message>
        <source>Interrupted operations</source>
        <translation>被中断的操作</translation>
    </message>
    <message>
        <source>finews-desktop was closed or crashed while these were under way. The library is consistent: what each one left is said below. Resume runs the checked ones again.</source>
        <translation>finews-desktop 在以下操作进行时被关闭或崩溃。资料库保持一致：每项操作留下的状态见下方说明。点击“继续”将重新运行勾选的操作。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>LibrarySwitcher</name>
    <message>
        <source>Open Library</source>
        <translation>打开文库</translation>
    </message>
    <message>
        <source>The new library will be opened when the import ends.</source>
        <translation>导入结束后将打开新的文库。</translation>
    </message>
    <message>
        <source>Another library can be opened when the export ends.</source>
        <translation>导出结束后才能打开另一个文库。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 — finews-desktop</source>
        <translation>%1 — finews-desktop</translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation>%1（只读）</translation>
    </message>
    <message>
        <source>The list could not be read: %1</source>
        <translation>无法读取列表：%1</translation>
    </message>
    <message>
        <source>Query problem at character %1: %2</source>
        <translation>查询第 %1 个字符处有问题：%2</translation>
    </message>
    <message>
        <source>Query problem</source>
        <translation>查询有误</translation>
    </message>
    <message>
        <source>Shown: %1 · In library: %2 · Selected: %3</source>
        <translation>显示：%1 · 文库共：%2 · 已选：%3</translation>
    </message>
    <message>
        <source>About finews-desktop</source>
        <translation>关于 finews-desktop</translation>
    </message>
    <message>
        <source>finews-desktop %1
An archive manager for Jekyll archives of financial news.</source>
        <translation>finews-desktop %1
用于 Jekyll 财经新闻归档的文库管理工具。</translation>
    </message>
</context>
<context>
    <name>ManagerDialog</name>
    <message>
        <source>Tags and Categories</source>
        <translation>标签和分类</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>分类</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The file name (or a folder above it) is not valid UTF-8: Jekyll 4.3 stops on it (&apos;invalid byte sequence in UTF-8&apos;), which aborts the whole `jekyll build`. Its bytes are kept, and an export writes it under its original name.</source>
        <translation>文件名（或其上层某个文件夹名）不是有效的 UTF-8：Jekyll 4.3 遇到它会停止（“invalid byte sequence in UTF-8”），整个 `jekyll build` 随之中止。文件的字节原样保留，导出时按原名写出。</translation>
    </message>
    <message>
        <source>The file is not valid UTF-8 (it looks like {encoding}); Jekyll skips it. Its text is decoded here and its bytes are kept unchanged.</source>
        <translation>文件不是有效的 UTF-8（看起来是 {encoding}），Jekyll 会跳过它。这里按该编码解读文本，文件字节原样保留。</translation>
    </message>
    <message>
        <source>Jekyll does not build this file as a post: a post must sit in a _posts folder, and its name must start with a date and a dash and have an extension (YYYY-MM-DD-title.md); hidden and &apos;_&apos;-prefixed names are ignored.</source>
        <translation>Jekyll 不会把这个文件当作文章构建：文章必须位于 _posts 文件夹中，文件名须以日期加短横线开头并带扩展名（YYYY-MM-DD-标题.md）；隐藏文件和以“_”开头的文件名会被忽略。</translation>
    </message>
    <message>
        <source>Jekyll reads .yml/.yaml files in _posts as data, not as posts.</source>
        <translation>Jekyll 把 _posts 中的 .yml/.yaml 文件当作数据读取，而不是文章。</translation>
    </message>
    <message>
        <source>The file seems to start with front matter, but Jekyll does not see it (the first line must be exactly &apos;---&apos;, and a closing &apos;---&apos; line must follow): the whole file is the body.</source>
        <translation>文件看起来以前置元数据开头，但 Jekyll 认不出它（第一行必须恰好是“---”，后面还要有一行“---”结束）：整个文件都被当作正文。</translation>
    </message>
    <message>
        <source>{why} Jekyll logs an error and still builds the post, but without its title, date, tags or slug (the date becomes the build time).</source>
        <translation>{why}Jekyll 会记录一条错误，仍然构建这篇文章，但不带标题、日期、标签和 slug（日期变为构建时间）。</translation>
    </message>
    <message>
        <source>Its front matter is not valid YAML ({error}).</source>
        <translation>前置元数据不是有效的 YAML（{error}）。</translation>
    </message>
    <message>
        <source>Its front matter is a {kind}, not a set of keys.</source>
        <translation>前置元数据是一个 {kind}，而不是一组键值。</translation>
    </message>
    <message>
        <source>&apos;categories: {value}&apos; is neither text nor a list, so Jekyll cannot merge it.</source>
        <translation>“categories: {value}”既不是文本也不是列表，Jekyll 无法合并它。</translation>
    </message>
    <message>
        <source>published: {value} — Jekyll does not publish this post.</source>
        <translation>published: {value} —— Jekyll 不会发布这篇文章。</translation>
    </message>
    <message>
        <source>Dated {date}, after the build time: Jekyll builds this post once that time has passed, or when the site sets `future: true`.</source>
        <translation>日期为 {date}，晚于构建时间：到了那个时间，或站点设置了 `future: true` 时，Jekyll 才会构建这篇文章。</translation>
    </message>
    <message>
        <source>A draft (in a _drafts folder): Jekyll builds it only when the site sets `show_drafts: true` (or with `jekyll build --drafts`).</source>
        <translation>草稿（位于 _drafts 文件夹中）：只有站点设置了 `show_drafts: true`（或使用 `jekyll build --drafts`）时，Jekyll 才会构建它。</translation>
    </message>
    <message>
        <source>&apos;slug: {value}&apos; is not text: Jekyll fails on it while making the URL, which aborts the whole `jekyll build`.</source>
        <translation>“slug: {value}”不是文本：Jekyll 在生成网址时会因此出错，整个 `jekyll build` 随之中止。</translation>
    </message>
    <message>
        <source>The date {date!r} in the {where} is not a date Jekyll can read.</source>
        <translation>{where}中的日期 {date!r} 不是 Jekyll 能读取的日期。</translation>
    </message>
    <message>
        <source>Jekyll cannot read the date {date!r} in the {where}: this aborts the whole `jekyll build` (no site at all), not just this post.</source>
        <translation>Jekyll 无法读取{where}中的日期 {date!r}：这会中止整个 `jekyll build`（整个网站都不会生成），而不只是这篇文章。</translation>
    </message>
    <message>
        <source>front matter</source>
        <translation>前置元数据</translation>
    </message>
    <message>
        <source>file name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>Cannot import {path}: it does not exist.</source>
        <translation>无法导入 {path}：它不存在。</translation>
    </message>
    <message>
        <source>Cannot import {path}: it broken link.</source>
        <translation>无法导入 {path}：它是一个失效的链接。</translation>
    </message>
    <message>
        <source>Cannot read {path}: {error}.</source>
        <translation>无法读取 {path}：{error}。</translation>
    </message>
    <message>
        <source>Cannot read the folder {path}: {error}.</source>
        <translation>无法读取文件夹 {path}：{error}。</translation>
    </message>
    <message>
        <source>{path} is {kind}, not a file; it was skipped without being opened.</source>
        <translation>{path} 是{kind}，不是文件；已跳过，未打开。</translation>
    </message>
    <message>
        <source>a FIFO (named pipe)</source>
        <translation>一个 FIFO（命名管道）</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>一个套接字</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>一个设备</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>一个文件夹</translation>
    </message>
    <message>
        <source>a link</source>
        <translation>一个链接</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>非普通文件</translation>
    </message>
    <message>
        <source>{path} is a broken link.</source>
        <translation>{path} 是一个失效的链接。</translation>
    </message>
    <message>
        <source>{path} is a link to {target}, outside the imported folder; it was not read.</source>
        <translation>{path} 是指向 {target} 的链接，位于所导入的文件夹之外；未读取。</translation>
    </message>
    <message>
        <source>{path} is {size} bytes, over the {limit} bytes read for it; it was not read.</source>
        <translation>{path} 有 {size} 字节，超过了为它读取的上限 {limit} 字节；未读取。</translation>
    </message>
    <message>
        <source>{path} is a link to {target} inside the imported folder; it was read, as Jekyll reads it.</source>
        <translation>{path} 是指向所导入文件夹内 {target} 的链接；已按 Jekyll 的方式读取。</translation>
    </message>
    <message>
        <source>{path} is a link to the folder {target} inside the imported folder; its files were read under this name, as Jekyll reads them.</source>
        <translation>{path} 是指向所导入文件夹内文件夹 {target} 的链接；其中的文件已按此名称读取，与 Jekyll 的读法相同。</translation>
    </message>
    <message>
        <source>{path} is a link to a folder inside _posts; links are not followed there (Jekyll does not read folders linked below _posts either).</source>
        <translation>{path} 是指向 _posts 内某个文件夹的链接；在那里不跟随链接（Jekyll 也不读取 _posts 下链接的文件夹）。</translation>
    </message>
    <message>
        <source>{path} is a link to a folder that holds it; links are not followed in a loop.</source>
        <translation>{path} 是指向包含它自身的文件夹的链接；循环链接不予跟随。</translation>
    </message>
    <message>
        <source>{path} is nested more than {depth} folders deep; its subfolders were not read.</source>
        <translation>{path} 的嵌套超过 {depth} 层文件夹；其子文件夹未读取。</translation>
    </message>
    <message>
        <source>{path} is not a text file; skipped.</source>
        <translation>{path} 不是文本文件；已跳过。</translation>
    </message>
    <message>
        <source>{path} is not a readable zip archive ({error}).</source>
        <translation>{path} 不是可读取的 zip 压缩包（{error}）。</translation>
    </message>
    <message>
        <source>{path} expands to more than {limit} bytes; the rest was refused.</source>
        <translation>{path} 解压后超过 {limit} 字节；其余部分已拒绝。</translation>
    </message>
    <message>
        <source>{path}: {why}</source>
        <translation>{path}：{why}</translation>
    </message>
    <message>
        <source>{zip}: member {member!r} has an absolute or &apos;..&apos; path and was ignored.</source>
        <translation>{zip}：成员 {member!r} 的路径是绝对路径或含“..”，已忽略。</translation>
    </message>
    <message>
        <source>{zip}: member {member!r} is a link and was ignored.</source>
        <translation>{zip}：成员 {member!r} 是一个链接，已忽略。</translation>
    </message>
    <message>
        <source>{zip}: member {member!r} is {kind}, not a file, and was ignored.</source>
        <translation>{zip}：成员 {member!r} 是{kind}，不是文件，已忽略。</translation>
    </message>
    <message>
        <source>{zip}: member {member!r} shares its bytes with another member and was refused.</source>
        <translation>{zip}：成员 {member!r} 与另一成员共用字节，已拒绝。</translation>
    </message>
    <message>
        <source>{zip}: member {member!r} expands too much ({size} bytes) and was refused.</source>
        <translation>{zip}：成员 {member!r} 解压后过大（{size} 字节），已拒绝。</translation>
    </message>
    <message>
        <source>the archive ends early</source>
        <translation>压缩包提前结束</translation>
    </message>
    <message>
        <source>the member is encrypted</source>
        <translation>该成员已加密</translation>
    </message>
    <message>
        <source>the archive says the member expands to {size} bytes, over {limit}; refused</source>
        <translation>压缩包声称该成员解压后有 {size} 字节，超过 {limit}；已拒绝</translation>
    </message>
    <message>
        <source>the member&apos;s bytes overlap another member&apos;s; refused</source>
        <translation>该成员的字节与另一成员重叠；已拒绝</translation>
    </message>
    <message>
        <source>the member&apos;s local header is missing</source>
        <translation>该成员缺少本地文件头</translation>
    </message>
    <message>
        <source>the member&apos;s two headers give different names</source>
        <translation>该成员的两个文件头给出的名称不同</translation>
    </message>
    <message>
        <source>the member&apos;s packed data alone is over {limit} bytes; refused</source>
        <translation>该成员仅压缩数据就超过 {limit} 字节；已拒绝</translation>
    </message>
    <message>
        <source>the member expands past {limit} bytes; refused</source>
        <translation>该成员解压后超过 {limit} 字节；已拒绝</translation>
    </message>
    <message>
        <source>the member expands {ratio} times ({size} bytes from {packed}); refused</source>
        <translation>该成员解压后膨胀 {ratio} 倍（由 {packed} 字节解压为 {size} 字节）；已拒绝</translation>
    </message>
    <message>
        <source>the archive says the member is {claimed} bytes, but it expands to {size}; refused</source>
        <translation>压缩包声称该成员有 {claimed} 字节，但解压后为 {size} 字节；已拒绝</translation>
    </message>
    <message>
        <source>the member&apos;s bytes do not match its checksum (CRC-32)</source>
        <translation>该成员的字节与其校验和（CRC-32）不符</translation>
    </message>
    <message>
        <source>the member&apos;s LZMA header is cut short</source>
        <translation>该成员的 LZMA 头不完整</translation>
    </message>
    <message>
        <source>the member&apos;s LZMA properties are damaged</source>
        <translation>该成员的 LZMA 属性已损坏</translation>
    </message>
    <message>
        <source>the member&apos;s data is damaged ({error})</source>
        <translation>该成员的数据已损坏（{error}）</translation>
    </message>
    <message>
        <source>the member is packed with method {method}, which is not supported</source>
        <translation>该成员使用压缩方法 {method}，不受支持</translation>
    </message>
    <message>
        <source>The file is {over}; not read.</source>
        <translation>文件大小为 {over}；未读取。</translation>
    </message>
    <message>
        <source>The file is {over}.</source>
        <translation>文件大小为 {over}。</translation>
    </message>
    <message>
        <source>{size} MB, {over} MB over the {limit} MB limit for a post</source>
        <translation>{size} MB，比文章上限 {limit} MB 多 {over} MB</translation>
    </message>
    <message>
        <source>{size:,} bytes, {over:,} bytes over the {limit} limit for a post</source>
        <translation>{size:,} 字节，比文章上限 {limit} 多 {over:,} 字节</translation>
    </message>
    <message>
        <source>{size:,} bytes, 1 byte over the {limit} limit for a post</source>
        <translation>{size:,} 字节，比文章上限 {limit} 多 1 字节</translation>
    </message>
    <message>
        <source>{mb} MB ({size:,} bytes)</source>
        <translation>{mb} MB（{size:,} 字节）</translation>
    </message>
    <message>
        <source>{size:,}-byte</source>
        <translation>{size:,} 字节</translation>
    </message>
    <message>
        <source>This is {kind}, not a file; it was not read.</source>
        <translation>这是{kind}，不是文件；未读取。</translation>
    </message>
    <message>
        <source>This is a link that was not there when the folder was listed; not read.</source>
        <translation>这是一个列出文件夹时还不存在的链接；未读取。</translation>
    </message>
    <message>
        <source>Cannot read the file: {error}.</source>
        <translation>无法读取该文件：{error}。</translation>
    </message>
    <message>
        <source>finews-desktop could not read this file ({error}).</source>
        <translation>finews-desktop 无法读取此文件（{error}）。</translation>
    </message>
    <message>
        <source>This is a binary file, not a text post; skipped.</source>
        <translation>这是二进制文件，不是文本文章；已跳过。</translation>
    </message>
    <message>
        <source>The site&apos;s _config.yml could not be read ({error}); dates use the library timezone {tz}.</source>
        <translation>无法读取网站的 _config.yml（{error}）；日期使用文库时区 {tz}。</translation>
    </message>
    <message>
        <source>The permalink in _config.yml is a {kind}, not text; it was not used.</source>
        <translation>_config.yml 中的 permalink 是一个 {kind}，不是文本；未使用。</translation>
    </message>
    <message>
        <source>The permalink in _config.yml is over {limit} characters; it was not used.</source>
        <translation>_config.yml 中的 permalink 超过 {limit} 个字符；未使用。</translation>
    </message>
    <message>
        <source>Unknown timezone {tz!r} in _config.yml; dates use {default}.</source>
        <translation>_config.yml 中的时区 {tz!r} 无法识别；日期使用 {default}。</translation>
    </message>
    <message>
        <source>Jekyll would refuse this _config.yml ({error}); its posts were read with Jekyll&apos;s defaults.</source>
        <translation>Jekyll 会拒绝这个 _config.yml（{error}）；其文章按 Jekyll 的默认设置读取。</translation>
    </message>
    <message>
        <source>Unknown timezone in _config.yml in _config.yml; dates use {default}.</source>
        <translation>_config.yml 中的时区无法识别；日期使用 {default}。</translation>
    </message>
    <message>
        <source>The category page could not be read ({error}); skipped.</source>
        <translation>无法读取分类页面（{error}）；已跳过。</translation>
    </message>
    <message>
        <source>The worker process reading this file and others stopped ({error}); it was not imported.</source>
        <translation>读取此文件（及其他文件）的工作进程已停止（{error}）；未导入。</translation>
    </message>
    <message>
        <source>The archive expands past {limit} bytes; refused.</source>
        <translation>压缩包解压后超过 {limit} 字节；已拒绝。</translation>
    </message>
    <message>
        <source>The archive expands past {limit} bytes ({why}); refused.</source>
        <translation>压缩包解压后超过 {limit} 字节（{why}）；已拒绝。</translation>
    </message>
    <message>
        <source>The zip member was not read: {why}.</source>
        <translation>未读取该 zip 成员：{why}。</translation>
    </message>
    <message>
        <source>Cannot read the zip member: {error}.</source>
        <translation>无法读取该 zip 成员：{error}。</translation>
    </message>
    <message>
        <source>This post is in the library&apos;s trash; it was not brought back.</source>
        <translation>这篇文章在文库的回收站中；未恢复。</translation>
    </message>
    <message>
        <source>This post was deleted from the library; it was not imported again.</source>
        <translation>这篇文章已从文库中删除；未再次导入。</translation>
    </message>
    <message>
        <source>A different version of this file is already in the library; skipped.</source>
        <translation>文库中已有此文件的另一个版本；已跳过。</translation>
    </message>
    <message>
        <source>The library could not store this post ({error}).</source>
        <translation>文库无法保存这篇文章（{error}）。</translation>
    </message>
    <message>
        <source>This file changed since it was imported, and the post was edited in the library: both versions are kept.</source>
        <translation>此文件在导入后有改动，而文库中的文章也被编辑过：两个版本都已保留。</translation>
    </message>
    <message>
        <source>{path} is larger than {mb} MB; not kept.</source>
        <translation>{path} 大于 {mb} MB；未保留。</translation>
    </message>
    <message>
        <source>The site&apos;s other files exceed {mb} MB; the rest were not kept.</source>
        <translation>网站的其他文件超过 {mb} MB；其余文件未保留。</translation>
    </message>
    <message>
        <source>Cannot read {path}: {error}; not kept.</source>
        <translation>无法读取 {path}：{error}；未保留。</translation>
    </message>
    <message>
        <source>Cannot read {path}: {error}; the site&apos;s other files were not kept.</source>
        <translation>无法读取 {path}：{error}；网站的其他文件未保留。</translation>
    </message>
    <message>
        <source>{path}: {why}; not kept.</source>
        <translation>{path}：{why}；未保留。</translation>
    </message>
    <message>
        <source>Unclosed quote: the {quote} at character {at} has no closing quote.</source>
        <translation>引号未闭合：第 {at} 个字符处的 {quote} 没有对应的结束引号。</translation>
    </message>
    <message>
        <source>Empty phrase at character {at}: put words between the quotes.</source>
        <translation>第 {at} 个字符处的短语为空：请在引号之间写上词语。</translation>
    </message>
    <message>
        <source>The ) at character {at} closes no parenthesis.</source>
        <translation>第 {at} 个字符处的 ) 没有对应的左括号。</translation>
    </message>
    <message>
        <source>{field}: at character {at} needs a value, e.g. {example}.</source>
        <translation>第 {at} 个字符处的 {field}: 需要一个值，例如 {example}。</translation>
    </message>
    <message>
        <source>OR at character {at} needs a term after it.</source>
        <translation>第 {at} 个字符处的 OR 后面需要一个搜索项。</translation>
    </message>
    <message>
        <source>OR at character {at} needs a term before it.</source>
        <translation>第 {at} 个字符处的 OR 前面需要一个搜索项。</translation>
    </message>
    <message>
        <source>The - at character {at} needs a term after it.</source>
        <translation>第 {at} 个字符处的 - 后面需要一个搜索项。</translation>
    </message>
    <message>
        <source>The ( at character {at} is never closed.</source>
        <translation>第 {at} 个字符处的 ( 没有闭合。</translation>
    </message>
    <message>
        <source>Empty parentheses at character {at}.</source>
        <translation>第 {at} 个字符处的括号为空。</translation>
    </message>
    <message>
        <source>The query is nested too deeply: the {token} at character {at} is inside {limit} parentheses and negations, the most a query may have.</source>
        <translation>查询嵌套过深：第 {at} 个字符处的 {token} 位于 {limit} 层括号和否定之内，这是查询所允许的最大层数。</translation>
    </message>
    <message>
        <source>is: at character {at} takes edited, trashed, read, unread, duplicate or representative, not {value!r}.</source>
        <translation>第 {at} 个字符处的 is: 只接受 edited、trashed、read、unread、duplicate 或 representative，而不是 {value!r}。</translation>
    </message>
    <message>
        <source>dup: at character {at} takes a post&apos;s id (dup:1234), not {value!r}.</source>
        <translation>第 {at} 个字符处的 dup: 需要一篇文章的编号（如 dup:1234），而不是 {value!r}。</translation>
    </message>
    <message>
        <source>has: at character {at} takes warning or note, not {value!r}.</source>
        <translation>第 {at} 个字符处的 has: 只能是 warning 或 note，而不是 {value!r}。</translation>
    </message>
    <message>
        <source>Cannot read the date {date!r} at character {at}: write 2022, 2022-05 or 2022-05-01.</source>
        <translation>无法读取第 {at} 个字符处的日期 {date!r}：请写成 2022、2022-05 或 2022-05-01。</translation>
    </message>
    <message>
        <source>There is no date {date!r} (character {at}).</source>
        <translation>不存在日期 {date!r}（第 {at} 个字符）。</translation>
    </message>
    <message>
        <source>The date range at character {at} needs at least one end.</source>
        <translation>第 {at} 个字符处的日期范围至少需要一端。</translation>
    </message>
    <message>
        <source>The date range at character {at} ends before it starts.</source>
        <translation>第 {at} 个字符处的日期范围结束早于开始。</translation>
    </message>
    <message>
        <source>The query must be text.</source>
        <translation>查询必须是文本。</translation>
    </message>
    <message>
        <source>The folders {first!r} and {other!r} differ only in case: on Windows and macOS they are one folder, and Jekyll gives their posts the same category there.</source>
        <translation>文件夹 {first!r} 和 {other!r} 仅大小写不同：在 Windows 和 macOS 上它们是同一个文件夹，Jekyll 在那里会给其中的文章相同的分类。</translation>
    </message>
    <message>
        <source>Two sites hold a different {path}; the one written is the first site&apos;s.</source>
        <translation>两个网站各有一个不同的 {path}；写出的是第一个网站的。</translation>
    </message>
    <message>
        <source>The site file {path} was not written: {why}.</source>
        <translation>网站文件 {path} 未写出：{why}。</translation>
    </message>
    <message>
        <source>{count} post(s) in the folder {old!r} were written to {new!r} (the name is not safe on every system): Jekyll gives them the categories of {new!r}.</source>
        <translation>文件夹 {old!r} 中的 {count} 篇文章已写到 {new!r}（该名称并非在所有系统上都安全）：Jekyll 会给它们 {new!r} 的分类。</translation>
    </message>
    <message>
        <source>The posts come from {count} archives; _config.yml is the one of {root}.</source>
        <translation>这些文章来自 {count} 个归档；_config.yml 取自 {root}。</translation>
    </message>
    <message>
        <source>The posts come from {count} archives; _config.yml is the one of {root} (timezone {tz}; the others use {zones}).</source>
        <translation>这些文章来自 {count} 个归档；_config.yml 取自 {root}（时区 {tz}；其他归档使用 {zones}）。</translation>
    </message>
    <message>
        <source>the name {part} would be {size:,} bytes long, {over:,} more than the {limit} a file name may have there</source>
        <translation>名称 {part} 将有 {size:,} 字节，比那里文件名允许的 {limit} 字节多 {over:,} 字节</translation>
    </message>
    <message>
        <source>its path in the export would be {size:,} bytes long, {over:,} more than the {limit:,} a path may have there</source>
        <translation>它在导出中的路径将有 {size:,} 字节，比那里路径允许的 {limit:,} 字节多 {over:,} 字节</translation>
    </message>
    <message>
        <source>Windows or macOS cannot hold {what}, and portable names were asked for</source>
        <translation>Windows 或 macOS 无法使用{what}，且已选择可移植文件名</translation>
    </message>
    <message>
        <source>the file system there does not take {what}</source>
        <translation>该处的文件系统不接受{what}</translation>
    </message>
    <message>
        <source>a zip entry&apos;s name cannot hold {what}</source>
        <translation>zip 条目名不能包含{what}</translation>
    </message>
    <message>
        <source>the name is {size:,} bytes long, over the {limit} a file name may have</source>
        <translation>该文件名长 {size:,} 字节，超过了文件名允许的 {limit} 字节</translation>
    </message>
    <message>
        <source>its path does not lead into a _posts folder</source>
        <translation>其路径不在 _posts 文件夹中</translation>
    </message>
    <message>
        <source>its path has empty or &apos;.&apos; folders</source>
        <translation>其路径含有空的或 &apos;.&apos; 文件夹</translation>
    </message>
    <message>
        <source>the character(s) {chars}</source>
        <translation>字符 {chars}</translation>
    </message>
    <message>
        <source>a name that is not UTF-8</source>
        <translation>非 UTF-8 的文件名</translation>
    </message>
    <message>
        <source>a name that is empty, &apos;.&apos; or &apos;..&apos;</source>
        <translation>空的、&apos;.&apos; 或 &apos;..&apos; 文件名</translation>
    </message>
    <message>
        <source>a name ending in a dot or a space</source>
        <translation>以点或空格结尾的文件名</translation>
    </message>
    <message>
        <source>the device name {name}</source>
        <translation>设备名 {name}</translation>
    </message>
    <message>
        <source>{why}; Jekyll&apos;s slug (page.slug, and the post&apos;s id) changes from {old!r} to {new!r}, and so may its URL</source>
        <translation>{why}；Jekyll 的 slug（page.slug 及文章的 id）由 {old!r} 变为 {new!r}，其 URL 也可能随之改变</translation>
    </message>
</context>
<context>
    <name>NameListEdit</name>
    <message>
        <source>Type a name, Enter to add</source>
        <translation>输入名称，按回车添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>NoteEditor</name>
    <message>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>A private note on this post (plain text or Markdown); saved as you type</source>
        <translation>这篇文章的私人笔记（纯文本或 Markdown），输入时自动保存</translation>
    </message>
</context>
<context>
    <name>NotesExportUi</name>
    <message>
        <source>Export &amp;Notes…</source>
        <translation>导出笔记(&amp;N)…</translation>
    </message>
    <message>
        <source>Your private notes as a CSV table or a Markdown file</source>
        <translation>把你的私人笔记导出为 CSV 表格或 Markdown 文件</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n note(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 条笔记写入 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>The notes could not be written: %1</source>
        <translation>无法写入笔记：%1</translation>
    </message>
    <message>
        <source>Export Notes</source>
        <translation>导出笔记</translation>
    </message>
</context>
<context>
    <name>OlderThanDialog</name>
    <message>
        <source>Mark Older Posts Read</source>
        <translation>将较早的文章标为已读</translation>
    </message>
    <message>
        <source>Mark the posts of this view dated before this day as read:</source>
        <translation>将此视图中早于这一天的文章标为已读：</translation>
    </message>
</context>
<context>
    <name>PostCommands</name>
    <message>
        <source>This post names no original page.</source>
        <translation>这篇文章没有原文链接。</translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln citations</source>
        <translation>
            <numerusform>已复制 %Ln 条引用</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln posts</source>
        <translation>
            <numerusform>已复制 %Ln 篇文章</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PostEditorDialog</name>
    <message>
        <source>Edit Post</source>
        <translation>编辑文章</translation>
    </message>
    <message>
        <source>In the archive&apos;s timezone (%1)</source>
        <translation>按归档的时区（%1）</translation>
    </message>
    <message>
        <source>The file writes %1 without a zone; Jekyll reads it as %2.</source>
        <translation>文件中的日期写作 %1，没有时区；Jekyll 把它读作 %2。</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value (YAML)</source>
        <translation>值（YAML）</translation>
    </message>
    <message>
        <source>Add Key</source>
        <translation>添加键</translation>
    </message>
    <message>
        <source>Remove Key</source>
        <translation>移除键</translation>
    </message>
    <message>
        <source>Jekyll reads this post without warnings.</source>
        <translation>Jekyll 读取这篇文章没有警告。</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Categories:</source>
        <translation>分类：</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>布局：</translation>
    </message>
    <message>
        <source>Other front matter keys:</source>
        <translation>其他前言（front matter）键：</translation>
    </message>
    <message>
        <source>A post needs a date.</source>
        <translation>文章需要日期。</translation>
    </message>
    <message>
        <source>The date: %1</source>
        <translation>日期：%1</translation>
    </message>
    <message>
        <source>“%1” has its own field above.</source>
        <translation>“%1”在上方有自己的字段。</translation>
    </message>
    <message>
        <source>The value of “%1” is not YAML Jekyll can read: %2</source>
        <translation>“%1”的值不是 Jekyll 能读取的 YAML：%2</translation>
    </message>
</context>
<context>
    <name>PostPreview</name>
    <message>
        <source>Stocks</source>
        <translation>相关股票</translation>
    </message>
    <message>
        <source>Jekyll warnings</source>
        <translation>Jekyll 警告</translation>
    </message>
    <message>
        <source>Source link</source>
        <translation>原文链接</translation>
    </message>
    <message>
        <source>%1 posts selected</source>
        <translation>已选择 %1 篇文章</translation>
    </message>
    <message>
        <source>Select a post to read it here.</source>
        <translation>选择一篇文章，在这里阅读。</translation>
    </message>
    <message>
        <source>Copy as Plain Text</source>
        <translation>复制为纯文本</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>查找…</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Actual Size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <source>Load Images</source>
        <translation>加载图片</translation>
    </message>
    <message>
        <source>Always Load Images</source>
        <translation>总是加载图片</translation>
    </message>
    <message>
        <source>Open Source Link</source>
        <translation>打开来源链接</translation>
    </message>
    <message>
        <source>Show File</source>
        <translation>显示文件</translation>
    </message>
    <message>
        <source>Next Match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <source>Previous Match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <source>K-line chart</source>
        <translation>K线图</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Remote images not loaded: {n}.</source>
        <translation>未加载远程图片：{n} 张。</translation>
    </message>
    <message>
        <source>Load images</source>
        <translation>加载图片</translation>
    </message>
    <message>
        <source>… {n} more rows are not shown.</source>
        <translation>……另有 {n} 行未显示。</translation>
    </message>
    <message>
        <source>This post is too large or too complex to show formatted; here is its text.</source>
        <translation>这篇文章太大或太复杂，无法按格式显示；以下是其文本。</translation>
    </message>
    <message>
        <source>Only the first {n} characters are shown.</source>
        <translation>仅显示前 {n} 个字符。</translation>
    </message>
    <message>
        <source>written %1, read as %2</source>
        <translation>文件写的是 %1，Jekyll 读作 %2</translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation>服务器未及时响应</translation>
    </message>
    <message>
        <source>the image is too large</source>
        <translation>图片过大</translation>
    </message>
    <message>
        <source>the server sent nothing</source>
        <translation>服务器没有返回内容</translation>
    </message>
    <message>
        <source>not a web address</source>
        <translation>不是网址</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>not an image</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <source>host not found</source>
        <translation>找不到主机</translation>
    </message>
    <message>
        <source>the connection was refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <source>no network</source>
        <translation>没有网络</translation>
    </message>
    <message>
        <source>the proxy cannot be reached</source>
        <translation>无法连接代理服务器</translation>
    </message>
    <message>
        <source>the secure connection failed</source>
        <translation>安全连接失败</translation>
    </message>
    <message>
        <source>the server has no such image</source>
        <translation>服务器上没有这张图片</translation>
    </message>
    <message>
        <source>access denied</source>
        <translation>访问被拒绝</translation>
    </message>
    <message>
        <source>Image not loaded: %1</source>
        <translation>图片未加载：%1</translation>
    </message>
    <message>
        <source>Click to retry</source>
        <translation>点击重试</translation>
    </message>
    <message numerus="yes">
        <source>%n images not loaded: %1</source>
        <translation>
            <numerusform>%n 张图片未加载：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
</context>
<context>
    <name>PostTableModel</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Stocks</source>
        <translation>股票</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message numerus="yes">
        <source>+%n copies</source>
        <translation>
            <numerusform>+%n 个副本</numerusform>
        </translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>A folder holding library.sqlite3; a new folder gets a new, empty library.</source>
        <translation>存放 library.sqlite3 的文件夹；选择新文件夹会创建一个新的空文库。</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>系统时区（%1）</translation>
    </message>
    <message>
        <source>Used for the dates of archives whose _config.yml names no timezone, at their next import.</source>
        <translation>用于 _config.yml 未指定时区的归档中文章的日期，下次导入时生效。</translation>
    </message>
    <message>
        <source>Open library:</source>
        <translation>当前文库：</translation>
    </message>
    <message>
        <source>Library folder:</source>
        <translation>文库文件夹：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Timezone:</source>
        <translation>时区：</translation>
    </message>
    <message>
        <source>Mark posts read after:</source>
        <translation>文章显示多久后标为已读：</translation>
    </message>
    <message>
        <source>How long a post is shown alone before it counts as read.</source>
        <translation>单独显示一篇文章多长时间后，它才算已读。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Never: only when marked</source>
        <translation>从不：仅在手动标记时</translation>
    </message>
    <message>
        <source>Choose the Library Folder</source>
        <translation>选择文库文件夹</translation>
    </message>
</context>
<context>
    <name>QueryHelp</name>
    <message>
        <source>Posts with every word (AND); any part of a word matches, in any case</source>
        <translation>包含所有词语的文章（与）；词语的任何部分都能匹配，不分大小写</translation>
    </message>
    <message>
        <source>Either word; OR binds tighter than AND</source>
        <translation>任一词语；OR 的优先级高于 AND</translation>
    </message>
    <message>
        <source>Posts without the word</source>
        <translation>不含该词语的文章</translation>
    </message>
    <message>
        <source>An exact phrase, spaces included (Chinese quotes too)</source>
        <translation>精确短语，包括空格（中文引号也可以）</translation>
    </message>
    <message>
        <source>Groups terms</source>
        <translation>将条件分组</translation>
    </message>
    <message>
        <source>In the title only</source>
        <translation>仅在标题中</translation>
    </message>
    <message>
        <source>A tag (the whole tag name)</source>
        <translation>标签（完整的标签名）</translation>
    </message>
    <message>
        <source>A category, by slug or by display name</source>
        <translation>分类，按别名或显示名称</translation>
    </message>
    <message>
        <source>A stock mentioned in the post, by code, name or symbol</source>
        <translation>文章提及的股票，按代码、名称或交易代号</translation>
    </message>
    <message>
        <source>Part of the source&apos;s name, or of the source link&apos;s host</source>
        <translation>来源名称的一部分，或来源链接的主机名的一部分</translation>
    </message>
    <message>
        <source>A year, month or day, in the archive&apos;s time zone</source>
        <translation>某年、某月或某日（按文库的时区）</translation>
    </message>
    <message>
        <source>A range of dates (either end may be left out)</source>
        <translation>日期范围（任一端都可省略）</translation>
    </message>
    <message>
        <source>After a day (also &gt;=, &lt;, &lt;=)</source>
        <translation>某日之后（也可用 &gt;=、&lt;、&lt;=）</translation>
    </message>
    <message>
        <source>Posts in a collection</source>
        <translation>合集中的文章</translation>
    </message>
    <message>
        <source>Posts edited in the library</source>
        <translation>在文库中编辑过的文章</translation>
    </message>
    <message>
        <source>Posts in the trash</source>
        <translation>回收站中的文章</translation>
    </message>
    <message>
        <source>Posts Jekyll warns about</source>
        <translation>Jekyll 有警告的文章</translation>
    </message>
    <message>
        <source>The posts of the last import</source>
        <translation>最近一次导入的文章</translation>
    </message>
    <message>
        <source>Posts not read yet</source>
        <translation>尚未阅读的文章</translation>
    </message>
    <message>
        <source>Posts read (opened for a moment, or marked)</source>
        <translation>已读的文章（打开过片刻，或已标记）</translation>
    </message>
    <message>
        <source>Posts with a private note</source>
        <translation>有私人笔记的文章</translation>
    </message>
    <message>
        <source>In the post&apos;s private note, matched as text is (with Notes on beside the search field, plain words match notes too)</source>
        <translation>在文章的私人笔记中，匹配方式与正文相同（打开搜索框旁的“笔记”后，普通词语也会匹配笔记）</translation>
    </message>
    <message>
        <source>The posts of a post&apos;s story (by its id): its copies and versions</source>
        <translation>某篇文章所属报道的全部文章（按编号）：其副本和版本</translation>
    </message>
    <message>
        <source>Copies and versions of a story another post represents</source>
        <translation>由另一篇文章代表的报道的副本和版本</translation>
    </message>
    <message>
        <source>The post shown for a story of several (the earliest, or the one kept)</source>
        <translation>多篇文章组成的报道所显示的那一篇（最早的，或保留的那篇）</translation>
    </message>
    <message>
        <source>Values with spaces go in quotes: tag:&quot;A B&quot;. A field name also works with a full-width colon (tag：东财). Full-width and half-width letters match alike (ＮＩＯ finds NIO).</source>
        <translation>含空格的值要加引号：tag:&quot;A B&quot;。字段名后也可以用全角冒号（tag：东财）。全角和半角字母同样匹配（ＮＩＯ 能找到 NIO）。</translation>
    </message>
    <message>
        <source>Syntax</source>
        <translation>语法</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>F1: this table in a window; double-click an example to search it.</source>
        <translation>F1：在窗口中显示此表；双击示例即可搜索。</translation>
    </message>
</context>
<context>
    <name>QueryHelpDialog</name>
    <message>
        <source>Search Syntax</source>
        <translation>搜索语法</translation>
    </message>
    <message>
        <source>Double-click to search for this</source>
        <translation>双击即搜索此项</translation>
    </message>
</context>
<context>
    <name>QueryProblem</name>
    <message>
        <source>Query problem at character %1: %2
The list below is of the last query that worked.</source>
        <translation>查询在第 %1 个字符处有问题：%2
下面的列表仍是上一次有效查询的结果。</translation>
    </message>
</context>
<context>
    <name>ReadingUi</name>
    <message>
        <source>&amp;Read</source>
        <translation>阅读(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Next Unread</source>
        <translation>下一篇未读(&amp;N)</translation>
    </message>
    <message>
        <source>The next unread post (N; Space after the end of the preview)</source>
        <translation>下一篇未读文章（N；预览滚动到底后按空格）</translation>
    </message>
    <message>
        <source>Mark &amp;Read</source>
        <translation>标为已读(&amp;R)</translation>
    </message>
    <message>
        <source>Mark &amp;Unread</source>
        <translation>标为未读(&amp;U)</translation>
    </message>
    <message>
        <source>Mark &amp;All in This View Read</source>
        <translation>将此视图全部标为已读(&amp;A)</translation>
    </message>
    <message>
        <source>Mark &amp;Older Posts Read…</source>
        <translation>将较早的文章标为已读(&amp;O)…</translation>
    </message>
    <message>
        <source>Search &amp;Notes Too</source>
        <translation>同时搜索笔记(&amp;N)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>Plain words in the search match your private notes too (Ctrl+Alt+N); note: searches notes only</source>
        <translation>搜索中的普通词语也匹配你的私人笔记（Ctrl+Alt+N）；note: 只搜索笔记</translation>
    </message>
    <message>
        <source>Mark Read</source>
        <translation>标为已读</translation>
    </message>
    <message>
        <source>Mark Unread</source>
        <translation>标为未读</translation>
    </message>
    <message>
        <source>Mark Older Posts Read</source>
        <translation>将较早的文章标为已读</translation>
    </message>
    <message>
        <source>Mark All in This View Read</source>
        <translation>将此视图全部标为已读</translation>
    </message>
    <message>
        <source>Edit Note</source>
        <translation>编辑笔记</translation>
    </message>
    <message>
        <source>No unread posts in this view.</source>
        <translation>此视图中没有未读文章。</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>Not a post</source>
        <translation>不是文章</translation>
    </message>
    <message>
        <source>Not UTF-8</source>
        <translation>不是 UTF-8</translation>
    </message>
    <message>
        <source>Unpublished</source>
        <translation>未发布</translation>
    </message>
    <message>
        <source>Dated in the future</source>
        <translation>日期在未来</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Beyond limit_posts</source>
        <translation>超出 limit_posts</translation>
    </message>
    <message>
        <source>Date stops the build</source>
        <translation>日期中止构建</translation>
    </message>
    <message>
        <source>Slug stops the build</source>
        <translation>slug 中止构建</translation>
    </message>
    <message>
        <source>Name stops the build</source>
        <translation>文件名中止构建</translation>
    </message>
    <message>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <source>Bad date</source>
        <translation>日期无效</translation>
    </message>
    <message>
        <source>Front matter error</source>
        <translation>前置元数据错误</translation>
    </message>
    <message>
        <source>Front matter not seen</source>
        <translation>前置元数据未被识别</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>不存在</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Not a file</source>
        <translation>不是文件</translation>
    </message>
    <message>
        <source>Broken link</source>
        <translation>失效链接</translation>
    </message>
    <message>
        <source>Link not followed</source>
        <translation>未跟随链接</translation>
    </message>
    <message>
        <source>Link outside the folder</source>
        <translation>链接指向文件夹外</translation>
    </message>
    <message>
        <source>Link followed</source>
        <translation>已跟随链接</translation>
    </message>
    <message>
        <source>Too large</source>
        <translation>过大</translation>
    </message>
    <message>
        <source>Nested too deep</source>
        <translation>嵌套过深</translation>
    </message>
    <message>
        <source>Bad zip archive</source>
        <translation>zip 压缩包无效</translation>
    </message>
    <message>
        <source>Unsafe zip member</source>
        <translation>不安全的 zip 成员</translation>
    </message>
    <message>
        <source>Link in a zip</source>
        <translation>zip 中的链接</translation>
    </message>
    <message>
        <source>Expands too much</source>
        <translation>解压后过大</translation>
    </message>
    <message>
        <source>Overlapping zip member</source>
        <translation>重叠的 zip 成员</translation>
    </message>
    <message>
        <source>Damaged zip member</source>
        <translation>损坏的 zip 成员</translation>
    </message>
    <message>
        <source>Unsupported zip member</source>
        <translation>不支持的 zip 成员</translation>
    </message>
    <message>
        <source>Site settings</source>
        <translation>网站设置</translation>
    </message>
    <message>
        <source>Site file</source>
        <translation>网站文件</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <source>Binary file</source>
        <translation>二进制文件</translation>
    </message>
    <message>
        <source>In the trash</source>
        <translation>在回收站中</translation>
    </message>
    <message>
        <source>Deleted before</source>
        <translation>之前已删除</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Both versions kept</source>
        <translation>两个版本都已保留</translation>
    </message>
</context>
<context>
    <name>RecentLibrariesMenu</name>
    <message>
        <source>Recent &amp;Libraries</source>
        <translation>最近的文库(&amp;L)</translation>
    </message>
    <message>
        <source>No library in this folder now</source>
        <translation>此文件夹中已没有文库</translation>
    </message>
    <message>
        <source>No recent libraries</source>
        <translation>没有最近的文库</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>清除菜单(&amp;C)</translation>
    </message>
</context>
<context>
    <name>SaveAsBox</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>&amp;Save as:</source>
        <translation>保存为(&amp;S)：</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>浏览(&amp;R)…</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Search: words, &quot;phrases&quot;, tag:, category:, stock:, date:… (Ctrl+F)</source>
        <translation>搜索：词语、&quot;短语&quot;、tag:、category:、stock:、date:…（Ctrl+F）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln matches</source>
        <translation>
            <numerusform>%Ln 条匹配</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Library</source>
        <translation>文库</translation>
    </message>
    <message>
        <source>Watched Folders</source>
        <translation>监视的文件夹</translation>
    </message>
    <message>
        <source>Watch Queries</source>
        <translation>监视的搜索</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>合集</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Stocks</source>
        <translation>股票</translation>
    </message>
    <message>
        <source>Sector Boards</source>
        <translation>板块</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Click: these posts; click again: all but these
Ctrl+click: combine with the search</source>
        <translation>单击：显示这些文章；再次单击：显示除这些以外的文章
Ctrl+单击：与当前搜索组合</translation>
    </message>
    <message>
        <source>All posts</source>
        <translation>全部文章</translation>
    </message>
    <message>
        <source>Recently imported</source>
        <translation>最近导入</translation>
    </message>
    <message>
        <source>The posts of the last import</source>
        <translation>上次导入的文章</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>有警告</translation>
    </message>
    <message>
        <source>Posts that Jekyll reads with a warning</source>
        <translation>Jekyll 读取时会给出警告的文章</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>%1
New since you last opened it: %2</source>
        <translation>%1
自上次打开以来的新文章：%2</translation>
    </message>
    <message>
        <source>%1
Not imported yet</source>
        <translation>%1
尚未导入</translation>
    </message>
    <message>
        <source>%1
Last import %2: %3 imported, %4 updated</source>
        <translation>%1
上次导入 %2：新导入 %3，更新 %4</translation>
    </message>
    <message numerus="yes">
        <source>%n post file(s) gone from the folder; their posts stay in the library</source>
        <translation>
            <numerusform>文件夹中有 %n 个文章文件已删除；它们的文章仍保留在文库中</numerusform>
        </translation>
    </message>
    <message>
        <source>Copies and versions of a story that another post represents (is:duplicate)</source>
        <translation>由另一篇文章代表的同一报道的副本和版本（is:duplicate）</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Posts not opened yet (a post is read once shown for a moment, or marked)</source>
        <translation>尚未打开的文章（文章显示片刻或被标记后即为已读）</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>未读</translation>
    </message>
    <message>
        <source>Posts with a private note</source>
        <translation>带有私人笔记的文章</translation>
    </message>
    <message>
        <source>With notes</source>
        <translation>有笔记</translation>
    </message>
    <message>
        <source>Category slug: %1</source>
        <translation>分类标识：%1</translation>
    </message>
</context>
<context>
    <name>SidebarNameActions</name>
    <message>
        <source>Rename “%1”…</source>
        <translation>重命名“%1”…</translation>
    </message>
    <message>
        <source>Merge “%1” Into…</source>
        <translation>将“%1”合并到…</translation>
    </message>
    <message>
        <source>Delete “%1”…</source>
        <translation>删除“%1”…</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>New name for %1:</source>
        <translation>%1 的新名称：</translation>
    </message>
    <message numerus="yes">
        <source>“%1” already exists. Merge “%2” into it? This changes %n post(s).</source>
        <translation>
            <numerusform>“%1”已存在。要将“%2”合并到其中吗？这会修改 %n 篇文章。</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge instead?</source>
        <translation>改为合并？</translation>
    </message>
    <message>
        <source>Merge %1 into %2</source>
        <translation>将 %1 合并到 %2</translation>
    </message>
    <message>
        <source>Rename %1 to %2</source>
        <translation>将 %1 重命名为 %2</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Merge %1 into:</source>
        <translation>将 %1 合并到：</translation>
    </message>
    <message numerus="yes">
        <source>Delete %1? It is taken off %n post(s).</source>
        <translation>
            <numerusform>删除 %1？它将从 %n 篇文章中移除。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>stock</source>
        <translation>股票</translation>
    </message>
    <message>
        <source>sector board</source>
        <translation>板块</translation>
    </message>
    <message>
        <source>index</source>
        <translation>指数</translation>
    </message>
    <message>
        <source>fund</source>
        <translation>基金</translation>
    </message>
    <message>
        <source>bond</source>
        <translation>债券</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>StockPageView</name>
    <message>
        <source>← Back</source>
        <translation>← 返回</translation>
    </message>
    <message>
        <source>Back to the search before this page (Esc)</source>
        <translation>回到打开此页之前的搜索（Esc）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Posts over time&lt;/b&gt;</source>
        <translation>&lt;b&gt;发文数走势&lt;/b&gt;</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>按日</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>按周</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>Click a bar, or drag over bars, to narrow the list to their dates</source>
        <translation>点击一根柱子或在柱子上拖动，列表即缩小到相应日期</translation>
    </message>
    <message>
        <source>No stock of this library goes by that code, symbol or name.</source>
        <translation>本文库中没有这个代码、代号或名称的股票。</translation>
    </message>
    <message>
        <source>no symbol (East Money market %1)</source>
        <translation>无交易代号（东方财富市场 %1）</translation>
    </message>
    <message>
        <source>East Money %1</source>
        <translation>东方财富 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n post(s)</source>
        <translation>
            <numerusform>%n 篇文章</numerusform>
        </translation>
    </message>
    <message>
        <source>first mentioned %1, last %2</source>
        <translation>首次提及 %1，最近一次 %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Outlets</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Mentioned with</source>
        <translation>一同提及</translation>
    </message>
</context>
<context>
    <name>StoriesUi</name>
    <message>
        <source>One Row &amp;per Story</source>
        <translation>每篇报道一行(&amp;P)</translation>
    </message>
    <message>
        <source>Show each story once: its first post, with how many copies and which outlets (%1)</source>
        <translation>每篇报道只显示一次：显示其首发文章，并注明副本数量和发布来源（%1）</translation>
    </message>
    <message>
        <source>&amp;Keep This One, Trash the Other Copies</source>
        <translation>保留此篇，将其他副本移到回收站(&amp;K)</translation>
    </message>
    <message>
        <source>Move the other copies and versions of this post&apos;s story to the trash</source>
        <translation>将此文章所属报道的其他副本和版本移到回收站</translation>
    </message>
    <message>
        <source>Sho&amp;w This One for Its Story</source>
        <translation>以此篇代表其报道(&amp;W)</translation>
    </message>
    <message>
        <source>One Row per Story shows this post for its story instead of the earliest</source>
        <translation>“每篇报道一行”显示此篇来代表其报道，而不是最早的那篇</translation>
    </message>
    <message numerus="yes">
        <source>Keep one, move %n other copies to the trash</source>
        <translation>
            <numerusform>保留一篇，将其他 %n 个副本移到回收站</numerusform>
        </translation>
    </message>
    <message>
        <source>Show this post for its story</source>
        <translation>以此篇代表其报道</translation>
    </message>
    <message>
        <source>Copies of stories could not be found: %1</source>
        <translation>无法查找报道的副本：%1</translation>
    </message>
    <message>
        <source>Finding copies of stories…</source>
        <translation>正在查找报道的副本…</translation>
    </message>
</context>
<context>
    <name>StoryPanel</name>
    <message numerus="yes">
        <source>History: %n version(s)</source>
        <translation>
            <numerusform>历史：%n 个版本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Also published by… (%n)</source>
        <translation>
            <numerusform>其他发布来源…（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>%1% alike</source>
        <translation>相似 %1%</translation>
    </message>
    <message>
        <source>(no source)</source>
        <translation>（无来源）</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <source>this post</source>
        <translation>本文</translation>
    </message>
    <message>
        <source>Same text as %1</source>
        <translation>与 %1 的正文相同</translation>
    </message>
    <message>
        <source>What changed since %1</source>
        <translation>相对 %1 的改动</translation>
    </message>
    <message>
        <source>What %1 changed</source>
        <translation>%1 的改动</translation>
    </message>
    <message>
        <source>same time</source>
        <translation>同一时间</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 later</source>
        <translation>晚 %1</translation>
    </message>
    <message>
        <source>%1 earlier</source>
        <translation>早 %1</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <source>No difference to show</source>
        <translation>没有可显示的差异</translation>
    </message>
</context>
<context>
    <name>TableExportUi</name>
    <message>
        <source>Export &amp;Table…</source>
        <translation>导出表格(&amp;T)…</translation>
    </message>
    <message>
        <source>Posts, stocks or mentions as a CSV or Parquet table for pandas, R or Excel</source>
        <translation>将文章、股票或提及导出为 CSV 或 Parquet 表格，供 pandas、R 或 Excel 分析</translation>
    </message>
    <message>
        <source>A table is already being exported.</source>
        <translation>已有一个表格正在导出。</translation>
    </message>
    <message>
        <source>Exporting a table to %1</source>
        <translation>正在导出表格到 %1</translation>
    </message>
    <message>
        <source>Reading posts…</source>
        <translation>正在读取文章…</translation>
    </message>
    <message>
        <source>Table export cancelled; nothing was written.</source>
        <translation>表格导出已取消，未写入任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n row(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 行写入 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>An unexpected error stopped the table export (%1). Details are in the log.</source>
        <translation>意外错误中止了表格导出（%1）。详情见日志。</translation>
    </message>
    <message>
        <source>Export Table</source>
        <translation>导出表格</translation>
    </message>
</context>
<context>
    <name>TaskProgress</name>
    <message>
        <source>Cancel (the posts written so far stay, each complete)</source>
        <translation>取消（已写入的文章会保留，且每篇都完整）</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message>
        <source>All posts</source>
        <translation>全部文章</translation>
    </message>
    <message>
        <source>Library (scaled)</source>
        <translation>文库（按比例缩放）</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n post(s)</source>
        <translation>
            <numerusform>%1：%n 篇文章</numerusform>
        </translation>
    </message>
    <message>
        <source>Library: %1</source>
        <translation>文库：%1</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>&amp;Timeline</source>
        <translation>时间线(&amp;T)</translation>
    </message>
    <message>
        <source>Show the result&apos;s posts per day, week or month under the list</source>
        <translation>在列表下方按日、周或月显示结果的文章数</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Compare with… (e.g. 风电; several: separate them with ;)</source>
        <translation>对比查询…（如 风电；多个查询用 ; 分隔）</translation>
    </message>
    <message>
        <source>Queries drawn beside the result, each in its colour; press Enter to draw them</source>
        <translation>与结果并列绘制的查询，各用一种颜色；按回车绘制</translation>
    </message>
    <message>
        <source>Click a bar, or drag over bars, to narrow the search to their dates</source>
        <translation>点击一根柱子或拖过多根柱子，将搜索限定到它们的日期</translation>
    </message>
    <message>
        <source>All posts</source>
        <translation>全部文章</translation>
    </message>
    <message>
        <source>Cannot draw: %1</source>
        <translation>无法绘制：%1</translation>
    </message>
</context>
<context>
    <name>WatchMenus</name>
    <message>
        <source>&amp;Watch</source>
        <translation>监视(&amp;W)</translation>
    </message>
    <message>
        <source>Watch Settings…</source>
        <translation>监视设置…</translation>
    </message>
    <message>
        <source>Apply Rules to Existing Posts</source>
        <translation>将规则应用于现有文章</translation>
    </message>
    <message>
        <source>Stop Watching</source>
        <translation>停止监视</translation>
    </message>
    <message numerus="yes">
        <source>The rules of “%1” changed %n post(s)</source>
        <translation>
            <numerusform>“%1”的规则更改了 %n 篇文章</numerusform>
        </translation>
    </message>
    <message>
        <source>Apply the rules of %1</source>
        <translation>应用 %1 的规则</translation>
    </message>
    <message>
        <source>No longer watching %1; its posts stay in the library</source>
        <translation>已停止监视 %1；其文章仍保留在文库中</translation>
    </message>
</context>
<context>
    <name>WatchSearchDialog</name>
    <message>
        <source>Watch Saved Search</source>
        <translation>监视已保存的搜索</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：%2</translation>
    </message>
    <message>
        <source>&amp;Watch: count its new posts in the sidebar after each import</source>
        <translation>监视(&amp;W)：每次导入后在侧栏中统计其新文章</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Add &amp;tag:</source>
        <translation>添加标签(&amp;T)：</translation>
    </message>
    <message>
        <source>Add to &amp;collection:</source>
        <translation>加入合集(&amp;C)：</translation>
    </message>
    <message>
        <source>Each import applies the rules to the new and changed posts the search matches.</source>
        <translation>每次导入都会将规则应用于此搜索匹配的新文章和已更改的文章。</translation>
    </message>
    <message>
        <source>&amp;Apply the rules to the posts it matches now (Undo takes it back)</source>
        <translation>立即将规则应用于它现在匹配的文章(&amp;A)（可撤销）</translation>
    </message>
</context>
<context>
    <name>WatchUi</name>
    <message>
        <source>Watch a Jekyll Site Folder</source>
        <translation>监视 Jekyll 网站文件夹</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Sort By</source>
        <translation>排序方式(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
</context>
<context>
    <name>_NamesTab</name>
    <message>
        <source>Filter by name</source>
        <translation>按名称筛选</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Unused</source>
        <translation>未使用</translation>
    </message>
    <message>
        <source>Used once</source>
        <translation>仅用一次</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Posts</source>
        <translation>文章数</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>合并…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message numerus="yes">
        <source>%n name(s)</source>
        <translation>
            <numerusform>%n 个名称</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename category %1</source>
        <translation>重命名分类 %1</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>新名称</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Create %1</source>
        <translation>创建 %1</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>New name for %1:</source>
        <translation>%1 的新名称：</translation>
    </message>
    <message>
        <source>“%1” already exists. Merge “%2” into it? This changes %3 post(s).</source>
        <translation>“%1”已存在。要把“%2”合并进去吗？这会修改 %3 篇文章。</translation>
    </message>
    <message>
        <source>Merge instead?</source>
        <translation>改为合并？</translation>
    </message>
    <message>
        <source>Merge %1 into %2</source>
        <translation>将 %1 合并到 %2</translation>
    </message>
    <message>
        <source>Rename %1 to %2</source>
        <translation>将 %1 重命名为 %2</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Merge %1 into:</source>
        <translation>将 %1 合并到：</translation>
    </message>
    <message>
        <source>Merge into %1</source>
        <translation>合并到 %1</translation>
    </message>
    <message>
        <source>Delete %1? It is taken off %2 post(s).</source>
        <translation>删除 %1？它将从 %2 篇文章中移除。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
</context>
<context>
    <name>_Prompts</name>
    <message>
        <source>Cannot do that</source>
        <translation>无法执行</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Resumed: %1</source>
        <translation>已继续：%1</translation>
    </message>
    <message>
        <source>Open it read-only?</source>
        <translation>以只读方式打开？</translation>
    </message>
    <message>
        <source>Read-only: another finews-desktop writes this library.</source>
        <translation>只读：另一个 finews-desktop 正在写入这个文库。</translation>
    </message>
    <message>
        <source>Read-only: this library cannot be written (%1).</source>
        <translation>只读：这个文库无法写入（%1）。</translation>
    </message>
    <message>
        <source>The library in %1 is damaged (%2).

There is no backup that passes the integrity check. The file is left as it is: copy the folder somewhere safe before trying anything else.</source>
        <translation>%1 中的文库已损坏（%2）。

没有通过完整性检查的备份。文件保持原样：请先把这个文件夹复制到安全的地方，再做其他尝试。</translation>
    </message>
    <message>
        <source>The library in %1 is damaged (%2).

The newest backup that passes the integrity check is %3. Restore it? The damaged file is kept aside first.</source>
        <translation>%1 中的文库已损坏（%2）。

通过完整性检查的最新备份是 %3。要恢复它吗？损坏的文件会先另存一份。</translation>
    </message>
    <message>
        <source>Restore this backup</source>
        <translation>恢复这个备份</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Restored the backup %1; the damaged library is kept in %2.</source>
        <translation>已恢复备份 %1；损坏的文库保存在 %2。</translation>
    </message>
    <message>
        <source>The library is damaged; see the details.</source>
        <translation>文库已损坏，详见说明。</translation>
    </message>
</context>
</TS>
