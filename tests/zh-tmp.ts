import { catalogue } from '@forkscope/scenarios/catalogue';
const allow = new Set(['forkscope','PID','pid','ppid','join','start','run','terminate','kill','daemon','name','exitcode','True','False','Process','MainProcess','SIGTERM','SIGKILL','SIGINT','Python','TypeScript','python','node','stdout','stderr','print','socket','accept','recv','send','upper','fork','spawn','forkserver','AssertionError','RuntimeError','SystemExit','bootstrapping','exit','while','clients','Node','CPython','JavaScript','sleep','time','os','getpid']);
for (const m of catalogue) {
  const texts: [string, string][] = [['title', m.title.zh], ['summary', m.summary.zh], ['quote', m.quote.zh], ...m.points.zh.map((p, i) => [`point${i}`, p] as [string, string]),
    ...m.params.flatMap((p) => [[`param ${p.name} label`, p.label.zh], [`param ${p.name} help`, p.help?.zh ?? '']] as [string, string][]),
    ...m.expectations.map((e) => [`exp ${e.id}`, e.text.zh] as [string, string]),
    ...Object.entries(m.differences ?? {}).map(([d, t]) => [`diff ${d}`, t!.zh] as [string, string])];
  for (const [where, text] of texts) {
    const unq = text.replace(/"[^"]*"|“[^”]*”|`[^`]*`|'[^']*'/g, ' ');
    const bad = new Set<string>();
    for (const token of unq.split(/[\s,，。；;：、·…—–!?！？（）【】|→←↑↓↷○✓✕]+/)) {
      if (!/[A-Za-z]{2,}/.test(token) || /[0-9_=.:/\\<>()[\]-]/.test(token) || allow.has(token)) continue;
      for (const w of token.match(/[A-Za-z]{2,}/g) ?? []) if (!allow.has(w)) bad.add(w);
    }
    if (bad.size) console.log(m.id, '|', where, '|', [...bad].join(','), '|', text);
  }
}
