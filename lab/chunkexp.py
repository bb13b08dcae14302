"""Build indexes with different chunk sizes (lab only) and evaluate fused features by CV."""
import os, sys, functools, json
os.environ["OMP_NUM_THREADS"]="1"
MINW, MAXW = int(sys.argv[1]), int(sys.argv[2])
import index.build as B, index.chunking as C
B.chunk_blocks = functools.partial(C.chunk_blocks, min_words=MINW, max_words=MAXW)
from pathlib import Path
from bot.settings import Settings
d = Path(f"/tmp/lab-idx-{MINW}-{MAXW}")
os.environ["PEERBOT_DATA_DIR"] = str(d)
sys.argv = sys.argv[:1]
sys.path.insert(0, "lab")
src = open("lab/run5.py").read().split("for n in [\"bm25\"")[0]
exec(src)
print("passages", N, "min/max", MINW, MAXW)
for names in (["ctx","smax","wmax","stop2","bm25b"], ["ctx","smax","wmax","stop2","bm25b","prf","prfs"]):
    print(names, cv(names))
print("bm25b", m([f["bm25b"] for f in FF]), "wmax", m([f["wmax"] for f in FF]), "ctx", m([f["ctx"] for f in FF]))
