/*
 * sockpipe: join standard input and output to a TCP, UDP or
 * Unix-domain socket, as a client or as a listener.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "sock.h"

/*
 * -x [user@]host[:port], an IPv6 address in brackets when a port
 * follows: into c, or exit 64 saying what is wrong.
 */
static void
proxy_arg(struct sockcfg *c, char *arg)
{
	char *at, *host, *colon, *port = NULL;
	const char *why;
	long long v;

	if (*arg == '\0')
		diex(EX_USAGE, "-x '': empty");
	host = arg;
	if ((at = strrchr(arg, '@')) != NULL) {
		*at = '\0';
		host = at + 1;
		if (*arg == '\0')
			diex(EX_USAGE, "-x: an empty user before '@'");
		if (strlen(arg) > 255)
			diex(EX_USAGE, "-x: a user longer than 255 bytes");
		c->proxyuser = arg;
	}
	if (*host == '[') {
		if ((colon = strchr(host, ']')) == NULL ||
		    (colon[1] != '\0' && colon[1] != ':'))
			diex(EX_USAGE, "-x '%s': not [address]:port", host);
		*colon++ = '\0';
		host++;
		if (*colon == ':')
			port = colon + 1;
	} else if ((colon = strchr(host, ':')) != NULL &&
	    strchr(colon + 1, ':') == NULL) {
		*colon = '\0';
		port = colon + 1;
	}
	if (*host == '\0')
		diex(EX_USAGE, "-x: no proxy host");
	c->proxy = host;
	if (port != NULL) {
		if ((why = num_parse(port, 1, 65535, &v)) != NULL)
			diex(EX_USAGE, "-x: port '%s': %s (1 to 65535)", port,
			    why);
		c->proxyport = port;
	}
}

/* -X 4, 5 or connect, as nc(1). */
static int
proxy_proto(const char *arg)
{
	if (strcmp(arg, "5") == 0)
		return PROXY_SOCKS5;
	if (strcmp(arg, "4") == 0)
		return PROXY_SOCKS4;
	if (strcmp(arg, "connect") == 0)
		return PROXY_CONNECT;
	diex(EX_USAGE, "-X '%s': not a proxy protocol (4, 5 or connect)",
	    arg);
}

static const char *const opts[] = {
	"-0", "with -u, records end with a NUL byte, not a newline",
	"-4", "IPv4 addresses only",
	"-6", "IPv6 addresses only",
	"-B", "with -u, binary records of mqrecv -B in and out",
	"-b", "with -u, allow sending to a broadcast address",
	"-C certfile", "with -c, the certificate to present",
	"-c", "TLS over the TCP stream",
	"-d", "do not read standard input",
	"-e name", "with -c, the name the server's certificate must hold",
	"-F", "pass the connected socket to standard output (ssh)",
	"-H hash", "with -c, the hash the peer's certificate must have",
	"-h, --help", "print this help and exit",
	"-I length", "the socket's receive buffer, in bytes",
	"-i interval", "with -u or -z, wait between datagrams or ports",
	"-K keyfile", "with -c, the key of -C's certificate",
	"-k", "keep listening: serve clients one after another",
	"-l", "listen instead of connecting",
	"-N", "accepted for nc(1): end of input always half-closes",
	"-n", "numeric host and port only: no name lookup",
	"-O length", "the socket's send buffer, in bytes",
	"-P portfile", "write the port listened on to this file",
	"-p sourceport", "connect from this local port",
	"-q seconds", "end this long after standard input ends",
	"-R CAfile", "with -c, the certificates to trust",
	"-s source", "connect from this address",
	"-T keyword", "with -c, loosen or tighten TLS as nc(1) -T does",
	"-U path", "a Unix-domain socket instead of TCP or UDP",
	"-u", "datagrams: UDP, or with -U a datagram socket",
	"-V, --version", "print the version and exit",
	"-v", "say on standard error what was connected",
	"-W recvlimit", "with -u, end after this many datagrams received",
	"-w seconds", "give up after this long with nothing moving",
	"-X protocol", "with -x, the proxy's protocol: 4, 5 or connect",
	"-x [user@]proxy[:port]", "connect through this proxy",
	"-z", "probe: connect to each port and close at once",
	NULL
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	const char *p = getprogname();

	fprintf(f,
	    "usage: %s [-046BbdFNnuv] [-I length] [-i interval] [-O length]\n"
	    "           [-p sourceport] [-q seconds] [-s source] [-W recvlimit]\n"
	    "           [-w seconds] [-X protocol] [-x [user@]proxy[:port]] "
	    "host port\n"
	    "       %s -l [-046Bbdknuv] [-I length] [-i interval] [-O length]\n"
	    "           [-P portfile] [-q seconds] [-W recvlimit] [-w seconds] "
	    "[host] port\n"
	    "       %s [-0Bkluv] [-P portfile] [-q seconds] [-w seconds] "
	    "-U path\n"
	    "       %s -c [-46klNv] [-C certfile] [-e name] [-H hash] "
	    "[-K keyfile]\n"
	    "           [-P portfile] [-q seconds] [-R CAfile] [-s source] "
	    "[-T keyword]\n"
	    "           [-w seconds] [-X protocol] [-x [user@]proxy[:port]] "
	    "[host] port\n"
	    "       %s -z [-46v] [-s source] [-w seconds] [-X protocol]\n"
	    "           [-x [user@]proxy[:port]] host port ...\n"
	    "       %s -z [-v] [-w seconds] -U path\n",
	    p, p, p, p, p, p);
	usage_opts(status, opts);
}

int
main(int argc, char *argv[])
{
	struct sockcfg c;
	static struct tlsopt t;	/* lives as long as the process */
	struct timespec iv, q, w;
	const char *port = NULL;
	int ch, ls, probe = 0, s, tls = 0, zero = 0, four = 0, six = 0;
	int tlsonly = 0;	/* the last TLS option letter given */
	int fdpass = 0, halfclose = 0, protoset = 0;

	io_init(argv);
	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	c.family = AF_UNSPEC;
	c.type = SOCK_STREAM;
	c.delim = '\n';
	while ((ch = getopt(argc, argv, "046BbC:cdFe:H:hI:i:K:klNnO:P:p:q:R:s:T:U:uVvW:w:X:x:z"))
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
		case 'F':
			fdpass = 1;
			break;
		case 'b':
			c.broadcast = 1;
			break;
		case 'd':
			c.noinput = 1;
			break;
		case 'I':
			c.rcvbuf = (int)num_arg("-I", optarg, 1, INT_MAX);
			break;
		case 'O':
			c.sndbuf = (int)num_arg("-O", optarg, 1, INT_MAX);
			break;
		case 'i':
			iv = secs_arg("-i", optarg);
			c.interval = &iv;
			break;
		case 'n':
			c.numeric = 1;
			break;
		case 'p':
			/* sock_port()'s number lasts until its next call. */
			if ((c.srcport = strdup(sock_port(optarg, SOCK_STREAM,
			    0))) == NULL)
				die("strdup");
			break;
		case 'W':
			c.recvlimit = num_arg("-W", optarg, 1, LLONG_MAX);
			break;
		case 'X':
			c.proxyproto = proxy_proto(optarg);
			protoset = 1;
			break;
		case 'x':
			proxy_arg(&c, optarg);
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
		case 'N':
			halfclose = 1;
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
	if (protoset && c.proxy == NULL)
		diex(EX_USAGE, "-X needs -x: the protocol of which proxy?");
	if (c.proxy != NULL && (c.listening || c.path != NULL ||
	    c.type == SOCK_DGRAM))
		diex(EX_USAGE, "-x connects to a TCP destination through a "
		    "proxy: not with -%c", c.listening ? 'l' :
		    c.path != NULL ? 'U' : 'u');
	if (c.proxy != NULL && c.proxyport == NULL)
		c.proxyport = c.proxyproto == PROXY_CONNECT ? "3128" : "1080";
	/*
	 * Most proxies cannot carry a half-close (see sock_stream.c): -N
	 * asks for it through one that can, as ssh -D.
	 */
	c.nohalfclose = c.proxy != NULL && !halfclose;
	if (fdpass && (c.listening || c.type == SOCK_DGRAM || probe || tls ||
	    c.linger != NULL))
		diex(EX_USAGE, "-F passes a connected stream on and exits: "
		    "not with -%c", c.listening ? 'l' : c.type == SOCK_DGRAM ?
		    'u' : probe ? 'z' : tls ? 'c' : 'q');
	if (c.srcport != NULL && (c.listening || c.path != NULL))
		diex(EX_USAGE, "-p is a client's source port over IP: not "
		    "with -%c", c.listening ? 'l' : 'U');
	if (c.broadcast && (c.type != SOCK_DGRAM || c.path != NULL))
		diex(EX_USAGE, "-b is for UDP: it needs -u%s",
		    c.path != NULL ? ", not -U" : "");
	if (c.recvlimit != 0 && c.type != SOCK_DGRAM)
		diex(EX_USAGE, "-W counts datagrams: it needs -u (a stream "
		    "has no packets to count)");
	if (c.interval != NULL && c.type != SOCK_DGRAM && !probe)
		diex(EX_USAGE, "-i spaces datagrams (-u) or ports (-z): a "
		    "stream has no lines to space");
	if (c.noinput && (tls || fdpass || probe))
		diex(EX_USAGE, "-d: not with -%c", tls ? 'c' : fdpass ? 'F' :
		    'z');
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
	if (c.proxy != NULL && c.proxyproto == PROXY_SOCKS4 &&
	    strchr(c.host, ':') != NULL)
		diex(EX_USAGE, "-X 4: SOCKS 4 carries IPv4 only, not '%s'",
		    c.host);

	if (tls) {
		t.server = c.listening;
		t.cfg = sock_tls_config(&t);
		c.tls = &t;
	}

	/* Listeners that only a signal ends exit 0 on one. */
	sock_signals(c.listening && (c.keep || c.type == SOCK_DGRAM));

	if (!c.listening) {
		s = sock_connect(&c);
		if (fdpass)
			return sock_pass(s);
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
