/*
 * forkscope-procwatch: the kernel's exit events, from the netlink process-events connector.
 *
 *   forkscope-procwatch
 *
 * Subscribes to the connector (NETLINK_CONNECTOR, CN_IDX_PROC; needs CAP_NET_ADMIN) and writes one line on
 * stdout per process that ends (a thread-group leader: threads are left out):
 *
 *   ready                             subscribed: every exit from now on is reported
 *   exit <pid> <ppid> <status> <tm>   it ended with this wait status; tm: CLOCK_MONOTONIC µs (the kernel's stamp)
 *   lost                              the socket overflowed: some events were dropped
 *   error <errno> <what>              it could not subscribe (then it exits 2)
 *
 * The connector's events are the whole machine's: the reader keeps the pids it knows. It exits when its stdin
 * closes or its parent dies (PR_SET_PDEATHSIG), so it never outlives the supervisor that started it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

static void fail(const char *what) {
  printf("error %d %s: %s\n", errno, what, strerror(errno));
  fflush(stdout);
}

int main(void) {
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() == 1) return 0; /* the parent died before the line above */
  signal(SIGPIPE, SIG_IGN);
  int sock = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
  if (sock < 0) {
    fail("socket(NETLINK_CONNECTOR)");
    return 2;
  }
  int size = 4 << 20; /* room for bursts: a fork bomb elsewhere on the machine must not cost us our events */
  setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  struct sockaddr_nl addr = {.nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = 0};
  if (bind(sock, (struct sockaddr *)&addr, sizeof addr) < 0) {
    fail("bind(CN_IDX_PROC)");
    return 2;
  }
  struct __attribute__((packed)) {
    struct nlmsghdr nl;
    struct cn_msg cn;
    enum proc_cn_mcast_op op;
  } listen;
  memset(&listen, 0, sizeof listen);
  listen.nl.nlmsg_len = sizeof listen;
  listen.nl.nlmsg_type = NLMSG_DONE;
  listen.nl.nlmsg_pid = (unsigned)getpid();
  listen.cn.id.idx = CN_IDX_PROC;
  listen.cn.id.val = CN_VAL_PROC;
  listen.cn.len = sizeof(enum proc_cn_mcast_op);
  listen.op = PROC_CN_MCAST_LISTEN;
  if (send(sock, &listen, sizeof listen, 0) < 0) {
    fail("send(PROC_CN_MCAST_LISTEN)");
    return 2;
  }
  printf("ready\n");
  fflush(stdout);

  struct pollfd fds[2] = {{.fd = sock, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
  char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    if (fds[1].revents) {
      char drain[256];
      if (read(STDIN_FILENO, drain, sizeof drain) <= 0) return 0; /* the supervisor closed our stdin */
    }
    if (!(fds[0].revents & POLLIN)) continue;
    ssize_t n = recv(sock, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == ENOBUFS) {
        printf("lost\n");
        fflush(stdout);
      }
      continue;
    }
    for (struct nlmsghdr *nl = (struct nlmsghdr *)buf; NLMSG_OK(nl, (size_t)n); nl = NLMSG_NEXT(nl, n)) {
      struct cn_msg *cn = NLMSG_DATA(nl);
      if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC) continue;
      struct proc_event *ev = (struct proc_event *)cn->data;
      if (ev->what != PROC_EVENT_EXIT) continue;
      if (ev->event_data.exit.process_pid != ev->event_data.exit.process_tgid) continue;
      printf("exit %d %d %u %llu\n", ev->event_data.exit.process_tgid, ev->event_data.exit.parent_tgid, ev->event_data.exit.exit_code,
             (unsigned long long)(ev->timestamp_ns / 1000));
    }
    if (fflush(stdout) != 0) return 0; /* nobody reads us any more */
  }
}
