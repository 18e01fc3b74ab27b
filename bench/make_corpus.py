#!/usr/bin/env python3
"""Deterministic benchmark corpus for tarz.

usage: make_corpus.py DEST [--small N] [--large-mib M]

DEST/small/   N files of 1-16 KiB in nested folders: 70% text-like
              (compressible), 30% random bytes, plus empty files, symlinks.
DEST/large/   two files of M MiB each: text.log (compressible), random.bin.
The same arguments always give byte-identical trees (fixed seed, fixed mtimes).
"""
import os, random, sys

WORDS = ("async await tar stream chunk entry header deno compress archive "
         "backup config plugin include exclude progress signal interrupt "
         "error file folder byte level ratio time speed total").split()

def text(rng, n):
    out, size = [], 0
    while size < n:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
        line = f"{rng.randint(0, 99999):05d} {line}\n"
        out.append(line); size += len(line)
    return "".join(out).encode()[:n]

def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    dest = args[0]
    small = int(args[args.index("--small") + 1]) if "--small" in args else 20000
    large = int(args[args.index("--large-mib") + 1]) if "--large-mib" in args else 256
    rng = random.Random(20261125)
    mtime = 1_700_000_000
    sdir = os.path.join(dest, "small")
    for i in range(small):
        d = os.path.join(sdir, f"d{i % 37:02d}", f"e{(i // 37) % 23:02d}")
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, f"f{i:06d}.{'txt' if i % 10 < 7 else 'bin'}")
        n = rng.randint(1024, 16384)
        data = text(rng, n) if i % 10 < 7 else rng.randbytes(n)
        if i % 997 == 0:
            data = b""
        with open(p, "wb") as f:
            f.write(data)
        os.utime(p, (mtime, mtime))
        if i % 1499 == 0:
            link = p + ".lnk"
            if not os.path.lexists(link):
                os.symlink(os.path.basename(p), link)
    ldir = os.path.join(dest, "large")
    os.makedirs(ldir, exist_ok=True)
    block = text(rng, 1 << 20)
    with open(os.path.join(ldir, "text.log"), "wb") as f:
        for k in range(large):
            f.write(block[k % 997:] + block[:k % 997])
    with open(os.path.join(ldir, "random.bin"), "wb") as f:
        for _ in range(large):
            f.write(rng.randbytes(1 << 20))
    for name in ("text.log", "random.bin"):
        os.utime(os.path.join(ldir, name), (mtime, mtime))

if __name__ == "__main__":
    main()
