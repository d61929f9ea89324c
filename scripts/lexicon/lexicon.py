#!/usr/bin/env python3
"""Merge an independently written lexicon into the taxonomy, and find which of its
phrases cost an opened labelled set a fact (see README.md in this folder).

  lexicon.py merge BASE OUT [--drop FILE] [--remove FILE] LEX.json:zh|en ...
  lexicon.py blame AYI BASE DROP_FILE [--remove FILE] LEX.json:zh|en ...

merge: adds each lexicon phrase to its code's synonyms_zh / synonyms_en, skipping any
phrase already anywhere in BASE, listed under two codes, or named in a --drop / --remove
file ('phrase # why' lines).
blame: on every opened set under tests/fixtures (never a sealed one), finds the cases
whose errors grow with the lexicon and, by halving the lexicon on each such case, the
phrases that cause it; appends them to DROP_FILE.
"""
import glob, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Sets kept sealed: only their totals are read (tests/extract.rs).
SEALED = {14, 19, 20, 28, 30, 31, 32, 33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88}


def listed(path):
    if not path:
        return set()
    return {l.split(' # ')[0].strip() for l in open(path, encoding='utf-8') if l.strip()}


def norm(p, lang):
    return p.strip().lower() if lang == 'en' else p.strip()


def candidates(base, specs, skip):
    """(code, lang, phrase) of every lexicon phrase not in base nor in skip nor under two codes."""
    existing = set()
    for c in base['codes'] + base.get('languages', []):
        existing |= {norm(s, 'zh') for s in c.get('synonyms_zh', [])}
        existing |= {norm(s, 'en') for s in c.get('synonyms_en', [])}
        cw = c.get('care_words') or {}
        existing |= {norm(s, 'zh') for s in cw.get('zh', [])} | {norm(s, 'en') for s in cw.get('en', [])}
    claims = {}
    for spec in specs:
        path, lang = spec.rsplit(':', 1)
        for code, phrases in json.load(open(path, encoding='utf-8')).items():
            for p in phrases:
                claims.setdefault((lang, norm(p, lang)), set()).add(code)
    out = []
    for (lang, p), codes in claims.items():
        if p and p not in existing and p not in skip and len(codes) == 1:
            out.append((next(iter(codes)), lang, p))
    return sorted(out)


def with_phrases(base, phrases):
    t = json.loads(json.dumps(base))
    by_code = {c['code']: c for c in t['codes']}
    for code, lang, p in phrases:
        by_code[code].setdefault('synonyms_' + lang, []).append(p)
    return t


def take_options(args, *names):
    found = {}
    for n in names:
        if n in args:
            i = args.index(n)
            found[n] = args[i + 1]
            del args[i:i + 2]
    return found


def merge(args):
    opts = take_options(args, '--drop', '--remove')
    base_path, out, specs = args[0], args[1], args[2:]
    base = json.load(open(base_path, encoding='utf-8'))
    skip = listed(opts.get('--drop')) | listed(opts.get('--remove'))
    phrases = candidates(base, specs, skip)
    with open(out, 'w', encoding='utf-8') as f:
        f.write(json.dumps(with_phrases(base, phrases), ensure_ascii=False, indent=2) + '\n')
    print(f'{len(phrases)} phrases added', file=sys.stderr)


def blame(args):
    opts = take_options(args, '--remove')
    ayi, base_path, drop_path, specs = args[0], args[1], args[2], args[3:]
    base = json.load(open(base_path, encoding='utf-8'))
    phrases = candidates(base, specs, listed(drop_path) | listed(opts.get('--remove')))
    scratch = tempfile.mkdtemp()

    def errors(subset, set_file):
        tax = os.path.join(scratch, 'taxonomy.json')
        json.dump(with_phrases(base, subset), open(tax, 'w', encoding='utf-8'), ensure_ascii=False)
        out = subprocess.run([ayi, 'eval', 'extract', '--set', set_file, '--verbose'],
                             env=dict(os.environ, AYI_TAXONOMY=tax), capture_output=True, text=True, check=True)
        return {e for e in json.loads(out.stdout)['errors'] if isinstance(e, str)}

    def culprits(subset, case_file, bad):
        if len(subset) == 1:
            return subset
        halves = subset[:len(subset) // 2], subset[len(subset) // 2:]
        found = [h for h in halves if errors(h, case_file) & bad]
        if not found:  # only together: keep halving both, or blame a small group whole
            return subset if len(subset) <= 8 else [p for h in halves for p in culprits(h, case_file, bad)]
        return [p for h in found for p in culprits(h, case_file, bad)]

    blamed = {}
    for set_file in sorted(glob.glob(os.path.join(ROOT, 'tests/fixtures/extract_*.jsonl'))):
        number = re.search(r'holdout(\d+)\.jsonl$', set_file)
        if number and int(number.group(1)) in SEALED:
            continue
        lines = [l for l in open(set_file, encoding='utf-8') if l.strip()]
        worse = {e.split(':')[0] for e in errors(phrases, set_file) - errors([], set_file)}
        for case_id in sorted(worse):
            case_file = os.path.join(scratch, 'case.jsonl')
            open(case_file, 'w', encoding='utf-8').write(next(l for l in lines if json.loads(l)['id'] == case_id))
            bad = errors(phrases, case_file) - errors([], case_file)
            for _, _, p in culprits(phrases, case_file, bad) if bad else []:
                blamed.setdefault(p, []).append(case_id)
    with open(drop_path, 'a', encoding='utf-8') as f:
        for p, ids in sorted(blamed.items()):
            f.write(f'{p} # {" ".join(ids)}\n')
    print(f'{len(blamed)} phrases blamed', file=sys.stderr)


if __name__ == '__main__':
    {'merge': merge, 'blame': blame}[sys.argv[1]](sys.argv[2:])
