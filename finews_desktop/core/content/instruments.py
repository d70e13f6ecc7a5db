"""East Money's (market, code) pairs as instruments: the exchange-suffixed symbol researchers join on, and the kind.

finews bodies name a quote by East Money's market id and code (`data-code="1,600160"`,
`"116,00700"`, the K-line form `600160|1|1`; `newsitem.py` reads them). Price data
(Wind, Tushare, AkShare, Yahoo) is keyed by the exchange's code and a suffix instead:
600160.SH, 300343.SZ, 830799.BJ, 00700.HK, NIO.US. `instrument` turns one into the other.

The market ids, from East Money's own quote service (the `secid=<market>.<code>` of
push2.eastmoney.com/api/qt/stock/get and quote.eastmoney.com/unify/r/<market>.<code>;
the `fs=m:<market>+t:<type>` filters of push2.eastmoney.com/api/qt/clist/get, which
AkShare's `stock_zh_a_spot_em`, `stock_hk_spot_em`, `stock_us_spot_em`,
`stock_board_industry_name_em` and `stock_board_concept_name_em` query):

| id  | market                               | symbol       | kinds                                   |
| --- | ------------------------------------ | ------------ | --------------------------------------- |
| 0   | Shenzhen (and Beijing, 4/8/92…)      | 300343.SZ    | stock, index (399…), fund, bond         |
| 1   | Shanghai                             | 600160.SH    | stock, index (000…), fund, bond         |
| 90  | East Money's sector/concept boards   | BK0493       | board (no exchange: the code is its id) |
| 100 | world indexes (HSI, NDX, SPX…)       | none         | index                                   |
| 105 | NASDAQ                               | NIO.US       | stock                                   |
| 106 | NYSE                                 | NIO.US       | stock                                   |
| 107 | NYSE American (AMEX)                 | SPY.US       | stock                                   |
| 116 | Hong Kong main board and GEM         | 00700.HK     | stock                                   |

Within Shanghai and Shenzhen the kind follows the exchanges' code allocation (SSE and SZSE
code rules; Beijing's codes come under East Money's market 0): Shanghai 60x/68x stocks,
900 B shares, 000 indexes, 5x funds, 01/02/1x bonds; Shenzhen 00x/30x stocks, 200 B shares,
399 indexes, 15/16/18 funds, 10/11/12 bonds; 4xx/8xx/92x Beijing stocks. A code of a
known market that these rules do not place keeps its market's suffix and the kind
"other". Any other market id is kept as it is (symbol None, kind "unknown"): never guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

STOCK = "stock"
BOARD = "board"
INDEX = "index"
FUND = "fund"
BOND = "bond"
OTHER = "other"  # a known market, a code its rules do not place
UNKNOWN = "unknown"  # a market id this table does not know

SHENZHEN, SHANGHAI, BOARDS, WORLD_INDEXES, NASDAQ, NYSE, AMEX, HONG_KONG = (
    "0",
    "1",
    "90",
    "100",
    "105",
    "106",
    "107",
    "116",
)
US_MARKETS = frozenset({NASDAQ, NYSE, AMEX})

# (code prefix, kind, suffix) for the six-digit codes of markets 0 and 1, longest prefix first.
_SHANGHAI_RULES: tuple[tuple[str, str, str], ...] = (
    ("60", STOCK, "SH"),
    ("68", STOCK, "SH"),
    ("900", STOCK, "SH"),
    ("000", INDEX, "SH"),
    ("5", FUND, "SH"),
    ("01", BOND, "SH"),
    ("02", BOND, "SH"),
    ("1", BOND, "SH"),
)
_SHENZHEN_RULES: tuple[tuple[str, str, str], ...] = (
    ("399", INDEX, "SZ"),
    ("00", STOCK, "SZ"),
    ("30", STOCK, "SZ"),
    ("200", STOCK, "SZ"),
    ("15", FUND, "SZ"),
    ("16", FUND, "SZ"),
    ("18", FUND, "SZ"),
    ("10", BOND, "SZ"),
    ("11", BOND, "SZ"),
    ("12", BOND, "SZ"),
    ("92", STOCK, "BJ"),
    ("4", STOCK, "BJ"),
    ("8", STOCK, "BJ"),
)


@dataclass(frozen=True)
class Instrument:
    market: str  # East Money's market id as the post writes it ("1", "116", "90")
    code: str  # as the post writes it
    symbol: str | None  # what price data is keyed by (600160.SH, BK0493); None where not known
    kind: str  # STOCK, BOARD, INDEX, FUND, BOND, OTHER or UNKNOWN

    @property
    def secid(self) -> str:
        """East Money's own key (1.600160): also what `stock:` searches accept."""
        return f"{self.market}.{self.code}"


def instrument(market: str, code: str) -> Instrument:
    """The instrument East Money's (market, code) names; an unknown market is kept as it is, never guessed."""
    market, code = market.strip(), code.strip()
    symbol, kind = _symbol_and_kind(market, code)
    return Instrument(market, code, symbol, kind)


def _symbol_and_kind(market: str, code: str) -> tuple[str | None, str]:
    if market in (SHANGHAI, SHENZHEN):
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            return None, OTHER
        rules = _SHANGHAI_RULES if market == SHANGHAI else _SHENZHEN_RULES
        for prefix, kind, suffix in rules:
            if code.startswith(prefix):
                return f"{code}.{suffix}", kind
        return f"{code}.{'SH' if market == SHANGHAI else 'SZ'}", OTHER
    if market == BOARDS:
        return (code.upper(), BOARD) if code.upper().startswith("BK") else (None, OTHER)
    if market in US_MARKETS:
        return f"{code.upper()}.US", STOCK
    if market == HONG_KONG:
        if code.isascii() and code.isdigit() and len(code) <= 5:
            return f"{code.zfill(5)}.HK", STOCK
        return None, OTHER
    if market == WORLD_INDEXES:
        return None, INDEX
    return None, UNKNOWN


def from_symbol(text: str) -> tuple[str, str] | None:
    """The (market, code) candidates a symbol names, as far as the symbol tells: (market or "", code).

    600160.SH → ("1", "600160"); 300343.SZ and 830799.BJ → ("0", …); 00700.HK → ("116", "00700");
    NIO.US → ("", "NIO") (three US markets: the caller matches the code among them); None when
    `text` is not a symbol.
    """
    code, dot, suffix = text.strip().rpartition(".")
    if not dot or not code:
        return None
    suffix = suffix.upper()
    if suffix == "SH":
        return SHANGHAI, code
    if suffix in ("SZ", "BJ"):
        return SHENZHEN, code
    if suffix == "HK":
        return HONG_KONG, code.zfill(5) if code.isdigit() else code
    if suffix == "US":
        return "", code.upper()
    return None


def preferred_name(names: Iterable[str | None]) -> str | None:
    """The name posts give a code most often (ties: the smallest); blank names count for nothing.

    A post may give a shortened or stale name (…, the name before a rename) or none; the one most
    posts give is the one to show, and a post giving none takes it (the store keeps the same
    rule in SQL: core/store/stock_names.py).
    """
    counts = Counter(n.strip() for n in names if n and n.strip())
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n], n))
