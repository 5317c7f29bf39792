"""source_kinds.py: the catalog's sources by kind, as data/README.md reports them
("Sources"): each address is sorted by its host into a kind; a row counts
once per kind it cites, and a row whose every address is a fan blog, forum,
mirror or wiki counts as resting on them alone.

    python3 scripts/source_kinds.py data/catalog.csv
"""
import csv, re, sys, collections
KINDS = [
    ("code repository", r"^[\w.-]+/[\w.-]+:"),
    ("broadcaster", r"//([\w.-]+\.)?(kbs\.co\.kr|imbc\.com|mbc\.co\.kr|sbs\.co\.kr|jtbc\.co\.kr|jtbc\.joins\.com|tving\.com|tvn\.cjenm\.com|cjenm\.com|netflix\.com|ena\.co\.kr|coupangplay)"),
    ("label, streaming service or record shop", r"//([\w.-]+\.)?(melon\.com|genie\.co\.kr|bugs\.co\.kr|vibe\.naver\.com|music\.apple\.com|open\.spotify\.com|spotify\.com|flomuz|music-flo\.com|y\.qq\.com|kkbox\.com|joox\.com|youtube\.com|maniadb\.com|smtown|jype|ygfamily|stone-music|aomgofficial|music\.bugs|leesmaster|ccr\.com\.tw)"),
    ("wiki or wiki mirror", r"//([\w.-]+\.)?(wikipedia\.org|namu\.wiki|namu\.moe|namu\.mirror|kiwix|iiab\.me|fandom\.com|wikiwand|kpop\.fandom|asianwiki\.com|mydramalist\.com)"),
    ("fan blog, forum or mirror", r"//([\w.-]+\.)?(blogspot\.|wordpress\.com|tistory\.com|blog\.naver\.com|m\.blog\.naver|medium\.com|reddit\.com|tumblr|amino|dcinside|theqoo|instiz|fmkorea|ruliweb|clien|daum\.net/cafe|cafe\.naver|summersnow|dramabeans|dramahaven|kdramasanonymous|chloeplu|tidbit|mashitafandia|hallyuism|kdramachoa|asiandramacloud|dramatic-eye|kdramabuffs|k-popandkoreandrama|kasioda|fanplus|hwaiting\.me|mark1universe|news19\.net|beatuscorner|k-popped|tidalkpop|asianjunkie)"),
]
def kind(addr):
    for name, pat in KINDS:
        if re.search(pat, addr): return name
    return "news outlet or other site" if addr.startswith("http") else "other"
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
by_kind = collections.Counter()
weak_only = 0
for r in rows:
    kinds = {kind(s.strip()) for s in r["source"].split(";") if s.strip()}
    for k in kinds: by_kind[k] += 1
    if kinds <= {"fan blog, forum or mirror", "wiki or wiki mirror"}: weak_only += 1
n = len(rows)
for k, c in by_kind.most_common(): print("| %s | %d | %.0f%% |" % (k, c, 100 * c / n))
print("rows resting on fan blogs, forums, mirrors or wikis alone: %d of %d (%.1f%%)" % (weak_only, n, 100 * weak_only / n))
