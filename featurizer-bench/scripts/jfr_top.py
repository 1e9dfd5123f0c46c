#!/usr/bin/env python3
"""Aggregates a JFR recording's samples from `jfr print`.

Usage:
  jfr print --stack-depth 64 --events jdk.ExecutionSample REC.jfr | python3 jfr_top.py cpu [FILTER] [N]
  jfr print --stack-depth 64 --events jdk.ObjectAllocationSample REC.jfr | python3 jfr_top.py alloc [FILTER] [N]

cpu:   self samples by top frame (method, then method+line) and inclusive samples by method.
alloc: sampled allocation weight by allocated class and by allocating frame (first frame outside java.*/jdk.*).
FILTER keeps only events whose stack contains that text (e.g. MarketTape.play for the measured loop).
"""
import re
import sys
from collections import Counter


def events(lines):
    cur = None
    in_stack = False
    for line in lines:
        s = line.strip()
        if s.endswith('{') and not s.startswith('stackTrace'):
            cur = {'stack': [], 'fields': {}}
            in_stack = False
        elif s.startswith('stackTrace = ['):
            in_stack = True
        elif in_stack and s == ']':
            in_stack = False
        elif in_stack:
            if s != '...':
                cur['stack'].append(s)
        elif s == '}' and cur is not None:
            yield cur
            cur = None
        elif cur is not None and ' = ' in s:
            k, v = s.split(' = ', 1)
            cur['fields'][k] = v


def method(frame):
    return re.sub(r'\s+line: \d+.*$', '', frame)


def parse_bytes(v):
    m = re.match(r'([\d.,]+)\s*(bytes|kB|MB|GB)?', v)
    if not m:
        return 0
    n = float(m.group(1).replace(',', ''))
    return n * {'bytes': 1, None: 1, 'kB': 1024, 'MB': 1 << 20, 'GB': 1 << 30}[m.group(2)]


def main():
    mode = sys.argv[1]
    filt = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] != '-' else None
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    evs = [e for e in events(sys.stdin) if e['stack'] and (filt is None or any(filt in f for f in e['stack']))]
    if mode == 'cpu':
        n = len(evs)
        print(f'{n} samples' + (f' with {filt} on the stack' if filt else ''))
        for title, key in (('self, by method', lambda e: method(e['stack'][0])),
                           ('self, by line', lambda e: e['stack'][0])):
            print(f'\n== {title}')
            for k, c in Counter(key(e) for e in evs).most_common(top):
                print(f'{100.0 * c / n:6.1f}%  {c:6d}  {k}')
        print('\n== inclusive, by method')
        inc = Counter()
        for e in evs:
            for m in set(method(f) for f in e['stack']):
                inc[m] += 1
        for k, c in inc.most_common(top):
            print(f'{100.0 * c / n:6.1f}%  {c:6d}  {k}')
    else:
        total = 0.0
        by_class, by_site = Counter(), Counter()
        for e in evs:
            w = parse_bytes(e['fields'].get('weight', '0'))
            total += w
            by_class[e['fields'].get('objectClass', '?')] += w
            site = next((f for f in e['stack'] if not re.match(r'(java|jdk|sun)\.', f)), e['stack'][0])
            by_site[site] += w
        print(f'{len(evs)} allocation samples, {total / (1 << 20):.1f} MB sampled weight' + (f' with {filt} on the stack' if filt else ''))
        for title, ctr in (('by class', by_class), ('by first non-JDK frame', by_site)):
            print(f'\n== {title}')
            for k, w in ctr.most_common(top):
                print(f'{100.0 * w / total if total else 0:6.1f}%  {w / (1 << 20):10.2f} MB  {k}')


if __name__ == '__main__':
    main()
