import type { TimelineModel } from '@forkscope/protocol';
import { defineScenario } from '../define-scenario.js';
import { mainExitsLast } from '../expectations/common-facts.js';
import { childrenOf, describe, exitMoment, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { answered, waiting } from '../questions/decision.js';
import { lineChoice } from '../questions/choices.js';

function parts(model: TimelineModel) {
  const root = rootProcess(model);
  const kids = root ? childrenOf(model, root.pid) : [];
  return {
    root,
    clients: kids.filter((p) => p.target === 'client'),
    handlers: kids.filter((p) => p.target === 'talk'),
    net: root ? model.markers.filter((m) => m.kind === 'net' && m.pid === root.pid) : [],
  };
}

const STATUS_ZH: Record<string, string> = { cancelled: '已取消', timeout: '超时', limit: '触及限制', failed: '失败', idle: '未开始' };

/** What a scripted client prints: its prompt line for each message, and the upper-case echo of each non-blank one. */
export function scriptedTranscript(messages: readonly string[]): string[] {
  return messages.flatMap((m) => (m.trim() ? [`>>: ${m}`, m.trim().toUpperCase()] : [`>>: ${m}`]));
}

export const socketChat = defineScenario({
  id: 'socket-chat',
  section: '6.1',
  title: { zh: '使用多进程实现socket聊天并发', en: 'A concurrent socket chat with processes' },
  summary: {
    zh: '主进程是服务端:监听端口,每接受一个连接就启动一个进程和这个客户端对话,把收到的消息转成大写发回去。客户端也是进程,可以按脚本发送,也可以由你在浏览器里输入。',
    en: 'Main is the server: it listens, and for every connection it accepts it starts a process that talks to that client, sending each message back in upper case. The clients are processes too, scripted or typed into from the browser.',
  },
  points: {
    zh: [
      '每个连接一个处理进程:服务端的通道下面,每个客户端连接对应一条处理进程的通道,它们并行服务。',
      '服务端自己只负责 accept,然后立刻回去等下一个连接。',
      '处理进程在客户端断开(recv 返回空)时结束。',
      '教程的服务端是 while True 死循环,只能用信号结束;这里服务端在接受了 clients 个连接后停止监听,等所有进程结束后整个运行自行结束。',
    ],
    en: [
      'One handler process per connection: under the server lane, each client connection gets a handler lane, and they serve in parallel.',
      'The server itself only accepts, then goes straight back to waiting for the next connection.',
      'A handler ends when its client disconnects (recv returns nothing).',
      "The seed's server loops forever (while True) and can only be stopped by a signal; here it stops listening after `clients` connections, and the run ends by itself once every process has ended.",
    ],
  },
  quote: { zh: '使用多进程实现socket聊天并发', en: 'A concurrent socket chat with multiple processes' },
  params: [
    { name: 'clients', type: 'integer', min: 1, max: 4, default: 2, label: { zh: '客户端数', en: 'Clients' } },
    {
      name: 'messages',
      type: 'string-list',
      maxItems: 8,
      maxLength: 200,
      default: ['hello', '', 'ni hao'],
      label: { zh: '脚本消息', en: 'Scripted messages' },
      help: { zh: '每个客户端依次发送;空行会被跳过(`if not msg: continue`)', en: 'Each client sends them in turn; blank ones are skipped (`if not msg: continue`)' },
    },
    {
      name: 'interactive',
      type: 'boolean',
      default: false,
      label: { zh: '自己输入', en: 'Type the messages yourself' },
      help: { zh: '客户端读取你输入的行;输入 exit 结束一个客户端', en: 'The clients read the lines you type; type exit to end a client' },
    },
  ],
  drivers: ['node', 'python'],
  interactive: true,
  differences: {
    node: {
      zh: '新的 Node 进程不能像 fork 那样继承已接受的 socket,所以服务端通过一条本地连接把每个连接转交给处理进程,并在两者之间转发字节。端口由内核分配(端口 0),不是 8080。',
      en: 'A new Node process cannot inherit the accepted socket as a fork child does, so the server hands each connection to its handler over a local link and relays the bytes between them. The kernel picks the port (port 0) instead of 8080.',
    },
  },
  questions: [
    {
      id: 'handlers',
      text: { zh: '服务端每接受一个客户端连接,会启动几个处理进程?', en: 'For the client connections it accepts, how many handler processes does the server start?' },
      appliesTo: ({ params }) => Number(params.clients) >= 2,
      choices: [
        { id: 'per-connection', text: { zh: '每个连接一个', en: 'One per connection' } },
        { id: 'one', text: { zh: '只有一个,服务所有连接', en: 'Just one, for every connection' } },
        { id: 'none', text: { zh: '不启动,服务端自己回答', en: 'None: the server answers itself' } },
      ],
      decide(model, { params, final }) {
        const { root, net, handlers } = parts(model);
        const want = Number(params.clients);
        const accepted = net.filter((m) => m.label.startsWith('accepted '));
        if (accepted.length >= want && handlers.length >= want) {
          const last = handlers[want - 1]!;
          return answered('per-connection', last.spawnSeq != null ? { seq: last.spawnSeq, t: last.spawnedAt } : { t: last.spawnedAt });
        }
        if (!final && !(root && root.exitedAt !== null)) return waiting();
        const at = root ? exitMoment(model, root) : undefined;
        return answered(handlers.length === 0 ? 'none' : handlers.length === 1 ? 'one' : null, at, { en: `${accepted.length} connections, ${handlers.length} handlers`, zh: `${accepted.length} 个连接,${handlers.length} 个处理进程` });
      },
    },
    {
      id: 'echo',
      text: { zh: '客户端发送 `hello`,收到的回复是什么?', en: 'A client sends `hello`. What does it get back?' },
      appliesTo: ({ params }) => params.interactive !== true && Array.isArray(params.messages) && params.messages.includes('hello'),
      choices: [lineChoice('same', 'hello'), lineChoice('upper', 'HELLO'), { id: 'nothing', text: { zh: '什么也没有', en: 'Nothing' } }],
      decide(model) {
        for (const c of parts(model).clients) {
          const lines = outputLines(model, c.pid).filter((l) => l.stream === 'stdout');
          const sent = lines.findIndex((l) => l.text.trimEnd() === '>>: hello');
          if (sent < 0) continue;
          const reply = lines[sent + 1];
          if (!reply) return c.exitedAt === null ? waiting() : answered('nothing', exitMoment(model, c));
          const text = reply.text.trim();
          return text === 'HELLO' ? answered('upper', reply) : text === 'hello' ? answered('same', reply) : answered(null, reply, { en: `it got "${text}"`, zh: `收到的是 "${text}"` });
        }
        return waiting();
      },
    },
  ],
  expectations: [
    {
      id: 'server-listening',
      text: { zh: '服务端在内核分配的端口上监听', en: 'The server listens on a port the kernel picked' },
      check(model, { final }) {
        const { net } = parts(model);
        const listening = net.find((m) => /^listening on :\d+$/.test(m.label) && m.label !== 'listening on :0');
        return listening ? pass(listening) : final ? fail({ en: 'the server never reported a listening port', zh: '服务端没有报告监听的端口' }) : pending();
      },
    },
    {
      id: 'handler-per-connection',
      text: {
        zh: '每接受一个连接,服务端就启动一个处理进程:clients 个连接,clients 个处理进程',
        en: 'For every connection it accepts the server starts one handler process: `clients` connections, `clients` handlers',
      },
      check(model, { params, final }) {
        const { net, handlers } = parts(model);
        const want = Number(params.clients);
        const accepted = net.filter((m) => m.label.startsWith('accepted '));
        if (handlers.length > accepted.length) return fail({ en: `${handlers.length} handlers for ${accepted.length} connections`, zh: `${accepted.length} 个连接对应了 ${handlers.length} 个处理进程` });
        if (accepted.length > want) return fail({ en: `${accepted.length} connections accepted, expected ${want}`, zh: `接受了 ${accepted.length} 个连接,应为 ${want} 个` }, accepted[want]);
        if (accepted.length === want && handlers.length === want) {
          const last = handlers[want - 1]!;
          return pass(last.spawnSeq != null ? { seq: last.spawnSeq, t: last.spawnedAt } : { t: last.spawnedAt });
        }
        return final ? fail({ en: `${accepted.length} connections, ${handlers.length} handlers, expected ${want}`, zh: `${accepted.length} 个连接、${handlers.length} 个处理进程,应各为 ${want} 个` }) : pending();
      },
    },
    {
      id: 'echo-upper-case',
      text: {
        zh: '每个客户端收到的都是自己消息的大写形式,按发送顺序;空消息被跳过',
        en: 'Each client gets its own messages back in upper case, in order; blank messages are skipped',
      },
      appliesTo: ({ params }) => params.interactive !== true,
      check(model, { params, final }) {
        const { clients } = parts(model);
        const want = scriptedTranscript(params.messages as string[]);
        if (clients.length < Number(params.clients)) return final ? fail({ en: 'missing clients', zh: '客户端不够' }) : pending();
        let last: { seq: number; t: number } | undefined;
        for (const c of clients) {
          const got = outputLines(model, c.pid).filter((l) => l.stream === 'stdout').map((l) => l.text);
          const lines = outputLines(model, c.pid);
          for (let i = 0; i < got.length; i++) {
            if (got[i] !== want[i]) return fail({ en: `${describe(c)} printed "${got[i]}" where "${want[i] ?? '(nothing)'}" was expected`, zh: `${describe(c)} 打印了 "${got[i]}",应为 "${want[i] ?? '(无)'}"` }, lines[i]);
          }
          if (got.length < want.length) return c.exitedAt !== null || final ? fail({ en: `${describe(c)} stopped after ${got.length} lines`, zh: `${describe(c)} 打印 ${got.length} 行后就停了` }, exitMoment(model, c)) : pending();
          const end = lines[lines.length - 1];
          if (end && (!last || end.seq > last.seq)) last = end;
        }
        return pass(last);
      },
    },
    {
      id: 'ends-by-itself',
      text: {
        zh: '所有客户端断开后,处理进程和服务端都正常结束(退出码 0),运行自行结束',
        en: 'Once every client has disconnected, the handlers and the server end normally (exit code 0) and the run ends by itself',
      },
      appliesTo: ({ params }) => params.interactive !== true,
      check(model) {
        const { root, clients, handlers } = parts(model);
        if (!root || root.exitedAt === null) return pending();
        const bad = [...clients, ...handlers, root].find((p) => p.exitCode !== 0);
        if (bad) return fail({ en: `${describe(bad)} exited with ${String(bad.exitCode)}`, zh: `${describe(bad)} 的退出码是 ${String(bad.exitCode)}` }, exitMoment(model, bad));
        if (model.run.status !== 'running' && model.run.status !== 'completed') return fail({ en: `the run ended as ${model.run.status}`, zh: `运行以“${STATUS_ZH[model.run.status] ?? model.run.status}”结束` });
        return pass(exitMoment(model, root));
      },
    },
    mainExitsLast(),
  ],
});
