import json,sys
t=sys.stdin.read(); i=t.index('\n{'); print(t[:i]); d=json.loads(t[i:])
print('inbound offered %.0f sent %.0f serverOps %.0f sentOps %.0f' % (d['inbound']['offeredPerS'], d['inbound']['sentPerS'], d['inbound']['serverOpsPerS'], d['inbound']['sentOpsPerS']))
o=d['outbound']; print('outbound msgs %.0f frames %.0f MB/s %.1f perClient %s' % (o['messagesPerS'], o['framesPerS'], o['bytesPerS']/1e6, {k: round(v) for k,v in o['perClient'].items()}))
for k,v in d['latencyMs'].items(): print('  %-14s n=%-7d p50 %.1f p95 %.1f p99 %.1f max %.0f' % (k, v['count'], v['p50'], v['p95'], v['p99'], v['max']))
s=d['server']; g=d['generator']; m=d['machine']
print('server cpu %.2f (max %.2f) rss %.0f MB loop p99 %.1f max %.0f' % (s['cpuCores'], s['cpuCoresMax'], s['rssMaxBytes']/2**20, s['loopP99Ms'], s['loopMaxMs']))
print('generator cpu %.2f (max %.2f) rss %.0f MB loop p99 %.1f max %.0f; machine busy %.2f other %.2f' % (g['cpuCores'], g['cpuCoresMax'], g['rssMaxBytes']/2**20, g['loopP99Ms'], g['loopMaxMs'], m['busyCores'], m['otherCores']))
print('problems', d['problems']); print('divergence', d['divergence'])
p=d.get('profile')
if p:
  print('profile window sampled %.0f ms' % p['sampledMs'])
  for sec in ['byArea','topSelf','topInclusive']:
    print(' ', sec)
    for e in p[sec]: print('    %5.1f%% %s' % (100*e['share'], e['name']))
