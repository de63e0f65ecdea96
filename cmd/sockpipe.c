/*
 * sockpipe: join standard input and output to a TCP, UDP or
 * Unix-domain socket, as a client or as a listener.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "sock.h"

static const char *const opts[] = {
	"-0", "with -u, records end with a NUL byte, not a newline",
	"-4", "IPv4 addresses only",
	"-6", "IPv6 addresses only",
	"-B", "with -u, binary records of mqrecv -B in and out",
	"-C certfile", "with -c, the certificate to present",
	"-c", "TLS over the TCP stream",
	"-e name", "with -c, the name the server's certificate must hold",
	"-H hash", "with -c, the hash the peer's certificate must have",
	"-h, --help", "print this help and exit",
	"-K keyfile", "with -c, the key of -C's certificate",
	"-k", "keep listening: serve clients one after another",
	"-l", "listen instead of connecting",
	"-P portfile", "write the port listened on to this file",
	"-q seconds", "end this long after standard input ends",
	"-R CAfile", "with -c, the certificates to trust",
	"-s source", "connect from this address",
	"-T keyword", "with -c, loosen or tighten TLS as nc(1) -T does",
	"-U path", "a Unix-domain socket instead of TCP or UDP",
	"-u", "datagrams: UDP, or with -U a datagram socket",
	"-V, --version", "print the version and exit",
	"-v", "say on standard error what was connected",
	"-w seconds", "give up after this long with nothing moving",
	"-z", "probe: connect to each port and close at once",
	NULL
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	const char *p = getprogname();

	fprintf(f,
	    "usage: %s [-046Buv] [-q seconds] [-s source] [-w seconds] "
	    "host port\n"
	    "       %s -l [-046Bkuv] [-P portfile] [-q seconds] "
	    "[-w seconds]\n"
	    "           [host] port\n"
	    "       %s [-0Bkluv] [-P portfile] [-q seconds] [-w seconds] "
	    "-U path\n"
	    "       %s -c [-46klv] [-C certfile] [-e name] [-H hash] "
	    "[-K keyfile]\n"
	    "           [-P portfile] [-q seconds] [-R CAfile] [-s source] "
	    "[-T keyword]\n"
	    "           [-w seconds] [host] port\n"
	    "       %s -z [-46v] [-s source] [-w seconds] host port ...\n"
	    "       %s -z [-v] [-w seconds] -U path\n",
	    p, p, p, p, p, p);
	usage_opts(status, opts);
}

int
main(int argc, char *argv[])
{
	struct sockcfg c;
	static struct tlsopt t;	/* lives as long as the process */
	struct timespec q, w;
	const char *port = NULL;
	int ch, ls, probe = 0, s, tls = 0, zero = 0, four = 0, six = 0;
	int tlsonly = 0;	/* the last TLS option letter given */

	io_init(argv);
	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	c.family = AF_UNSPEC;
	c.type = SOCK_STREAM;
	c.delim = '\n';
	while ((ch = getopt(argc, argv, "046BC:ce:H:hK:klP:q:R:s:T:U:uVvw:z"))
	    != -1) {
		switch (ch) {
		case 'C':
		case 'K':
		case 'R':
		case 'e':
			if (*optarg == '\0')
				diex(EX_USAGE, "-%c '': empty", ch);
			if (ch == 'C')
				t.cert = optarg;
			else if (ch == 'K')
				t.key = optarg;
			else if (ch == 'R')
				t.ca = optarg;
			else
				t.name = optarg;
			tlsonly = ch;
			break;
		case 'c':
			tls = 1;
			break;
		case 'H':
			if (!sock_tls_hash_ok(optarg))
				diex(EX_USAGE, "-H '%s': not a certificate "
				    "hash, SHA256: and 64 hex digits", optarg);
			t.hash = optarg;
			tlsonly = ch;
			break;
		case 'T':
			if (t.nkw == TLS_MAXKW)
				diex(EX_USAGE, "-T '%s': more than %d -T",
				    optarg, TLS_MAXKW);
			t.kw[t.nkw++] = optarg;
			tlsonly = ch;
			break;
		case '0':
			zero = 1;
			break;
		case '4':
			four = 1;
			c.family = AF_INET;
			break;
		case '6':
			six = 1;
			c.family = AF_INET6;
			break;
		case 'B':
			c.binary = 1;
			break;
		case 'h':
			usage(stdout, EX_OK);
		case 'k':
			c.keep = 1;
			break;
		case 'l':
			c.listening = 1;
			break;
		case 'P':
			if (*optarg == '\0')
				diex(EX_USAGE, "-P '': empty");
			c.portfile = optarg;
			break;
		case 'q':
			/* -q 0, as in nc(1): end with the input, no wait. */
			if (strcmp(optarg, "0") == 0)
				memset(&q, 0, sizeof(q));
			else
				q = secs_arg("-q", optarg);
			c.linger = &q;
			c.lingerarg = optarg;
			break;
		case 's':
			if (*optarg == '\0')
				diex(EX_USAGE, "-s '': empty");
			c.source = optarg;
			break;
		case 'U':
			if (*optarg == '\0')
				diex(EX_USAGE, "-U '': empty");
			c.path = optarg;
			break;
		case 'u':
			c.type = SOCK_DGRAM;
			break;
		case 'V':
			version();
		case 'v':
			c.verbose = 1;
			break;
		case 'w':
			w = secs_arg("-w", optarg);
			c.wait = &w;
			c.waitarg = optarg;
			break;
		case 'z':
			probe = 1;
			break;
		default:
			usage(stderr, EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	if (four && six)
		diex(EX_USAGE, "-4 and -6 exclude each other");
	if (probe && (c.listening || c.type == SOCK_DGRAM || zero ||
	    c.binary || c.linger != NULL))
		diex(EX_USAGE, "-z only connects and closes: not with -%c",
		    c.listening ? 'l' : c.type == SOCK_DGRAM ? 'u' :
		    zero ? '0' : c.binary ? 'B' : 'q');
	if (zero && c.binary)
		diex(EX_USAGE, "-0 and -B exclude each other");
	if (c.binary && c.type != SOCK_DGRAM)
		diex(EX_USAGE, "-B needs -u: records are datagrams");
	if (zero && c.type != SOCK_DGRAM)
		diex(EX_USAGE, "-0 needs -u: records are datagrams");
	if (c.keep && !c.listening)
		diex(EX_USAGE, "-k needs -l");
	if (c.keep && c.type == SOCK_DGRAM)
		diex(EX_USAGE, "-k is for streams: a datagram listener "
		    "already hears every peer");
	if (c.portfile != NULL && !c.listening)
		diex(EX_USAGE, "-P needs -l");
	if (c.portfile != NULL && c.path != NULL && *c.path == '@')
		diex(EX_USAGE, "-P does not apply to an abstract socket: its "
		    "name is known before it listens");
	if (c.path != NULL && (four || six))
		diex(EX_USAGE, "-%c does not apply to -U", four ? '4' : '6');
	if (c.source != NULL && (c.listening || c.path != NULL))
		diex(EX_USAGE, "-s is for a client over IP: a listener's "
		    "address is its host operand");
	if (c.linger != NULL && c.keep)
		diex(EX_USAGE, "-q ends the command after input ends; -k "
		    "keeps it listening: choose one");
	if (zero)
		c.delim = '\0';
	if (tlsonly != 0 && !tls)
		diex(EX_USAGE, "-%c is a TLS option: it needs -c", tlsonly);
	if (tls && (c.type == SOCK_DGRAM || c.path != NULL || probe))
		diex(EX_USAGE, "-c needs a TCP stream: not with -%c",
		    probe ? 'z' : c.path != NULL ? 'U' : 'u');

	if (probe && c.path == NULL) {
		if (argc < 2)
			usage(stderr, EX_USAGE);
		c.host = argv[0];
		return sock_probe(&c, argv + 1);
	}
	if (c.path != NULL) {
		if (argc != 0)
			usage(stderr, EX_USAGE);
		if (probe)
			return sock_probe(&c, argv);
	} else if (c.listening && argc == 1)
		port = argv[0];
	else if (argc == 2) {
		c.host = argv[0];
		port = argv[1];
	} else {
		if (argc == 1)
			note("'%s': the port is missing: %s host port",
			    argv[0], getprogname());
		usage(stderr, EX_USAGE);
	}
	if (port != NULL)
		c.port = sock_port(port, c.type, c.listening);

	if (tls) {
		t.server = c.listening;
		t.cfg = sock_tls_config(&t);
		c.tls = &t;
	}

	/* Listeners that only a signal ends exit 0 on one. */
	sock_signals(c.listening && (c.keep || c.type == SOCK_DGRAM));

	if (!c.listening) {
		s = sock_connect(&c);
		if (c.type == SOCK_DGRAM)
			sock_dgram(s, &c);
		if (c.tls != NULL)
			return sock_tls(s, &c);
		sock_stream(s, &c);
		return EX_OK;
	}
	ls = sock_listen(&c);
	if (c.type == SOCK_DGRAM)
		sock_dgram(ls, &c);
	do {
		s = sock_accept(ls, &c);
		/* One client only: later ones are refused, not queued. */
		if (!c.keep)
			close(ls);
		if (c.tls != NULL)
			(void)sock_tls(s, &c);
		else
			sock_stream(s, &c);
		close(s);
	} while (c.keep);
	return EX_OK;
}
