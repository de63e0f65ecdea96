/*
 * Ports, hosts and addresses for sockpipe(1): the port operand checked
 * and made a number once, host names through getaddrinfo(3), Unix socket
 * paths, and the one way a peer is named in a message.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "sockpriv.h"

/*
 * The port operand: a number (1 to 65535; 0 too when listening, for a
 * free port) or a service name that getaddrinfo(3) knows.  Returns it
 * as a number, so that later look-ups never consult services again.
 */
const char *
sock_port(const char *port, int type, int listening)
{
	static char num[8];
	struct addrinfo hints, *res;
	const char *p, *why;
	long long v;
	int letters = 0, min = listening ? 0 : 1;

	/*
	 * A service name is letters, digits and '-', with a letter;
	 * getaddrinfo(3) alone would also take "+1" and " 1" as numbers.
	 */
	for (p = port; isalnum((unsigned char)*p) || *p == '-'; p++)
		letters |= isalpha((unsigned char)*p) || *p == '-';
	if (*p != '\0')
		letters = 1;
	if (!letters) {
		if ((why = num_parse(port, min, 65535, &v)) != NULL)
			diex(EX_USAGE, "port '%s': %s (%d to 65535)", port,
			    why, min);
	} else {
		if (*p != '\0' || !isalnum((unsigned char)*port))
			diex(EX_USAGE, "port '%s': not a number (%d to 65535) "
			    "or a known service", port, min);
		memset(&hints, 0, sizeof(hints));
		hints.ai_family = AF_INET;
		hints.ai_socktype = type;
		hints.ai_flags = AI_PASSIVE;
		if (getaddrinfo(NULL, port, &hints, &res) != 0)
			diex(EX_USAGE, "port '%s': not a number (%d to 65535) "
			    "or a known service", port, min);
		v = ntohs(((struct sockaddr_in *)(void *)res->ai_addr)->
		    sin_port);
		freeaddrinfo(res);
	}
	snprintf(num, sizeof(num), "%lld", v);
	return num;
}

/* Whether s is a numeric address of the family the user excluded. */
static int
other_family(const char *s, int family)
{
	unsigned char buf[sizeof(struct in6_addr)];

	if (family == AF_INET)
		return inet_pton(AF_INET6, s, buf) == 1;
	if (family == AF_INET6)
		return inet_pton(AF_INET, s, buf) == 1;
	return 0;
}

/*
 * The addresses of host (and c->port), or exit saying why; what names
 * the operand in messages: "host", or "-s" for the source address.
 */
struct addrinfo *
sock_resolve(const struct sockcfg *c, const char *what, const char *host,
    int passive)
{
	struct addrinfo hints, *res;
	int e;

	if (*host == '\0')
		diex(EX_USAGE, "%s '': empty", what);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = c->family;
	hints.ai_socktype = c->type;
	hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
	if ((e = getaddrinfo(host, c->port, &hints, &res)) == 0)
		return res;
	if (other_family(host, c->family))
		diex(EX_USAGE, "%s '%s': not an IPv%c address", what, host,
		    c->family == AF_INET ? '4' : '6');
	switch (e) {
	case EAI_NONAME:
	case EAI_AGAIN:
	case EAI_FAIL:
	case EAI_NODATA:
	case EAI_ADDRFAMILY:
		diex(EX_NOHOST, "%s '%s': %s", what, host, gai_strerror(e));
	case EAI_SYSTEM:
		die("%s '%s'", what, host);
	default:
		diex(EX_OSERR, "%s '%s': %s", what, host, gai_strerror(e));
	}
}

/* "127.0.0.1 port 80", "::1 port 80", or a Unix path. */
void
addr_name(const struct sockaddr *sa, socklen_t len, char *buf, size_t size)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	const struct sockaddr_un *sun;

	if (sa->sa_family == AF_UNIX) {
		sun = (const struct sockaddr_un *)(const void *)sa;
		if (len <= offsetof(struct sockaddr_un, sun_path))
			snprintf(buf, size, "an unbound Unix socket");
		else if (sun->sun_path[0] == '\0')
			snprintf(buf, size, "@%.*s", (int)(len -
			    offsetof(struct sockaddr_un, sun_path) - 1),
			    sun->sun_path + 1);
		else
			snprintf(buf, size, "%s", sun->sun_path);
		return;
	}
	if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv),
	    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		snprintf(buf, size, "an unknown address");
	else
		snprintf(buf, size, "%s port %s", host, serv);
}

/*
 * The address of a -U path, or of "@name" in Linux's abstract namespace:
 * a name with no file, which begins with a NUL byte and is as long as
 * the length says (no NUL at its end).
 */
socklen_t
unix_addr(struct sockaddr_un *sun, const char *path)
{
	size_t len = strlen(path);

	if (len == 0)
		diex(EX_USAGE, "-U '': empty");
	if (len == 1 && *path == '@')
		diex(EX_USAGE, "-U '@': an abstract name needs a name after '@'");
	/* An abstract name needs no NUL: '@' stands for the leading one. */
	if (*path == '@' && len > sizeof(sun->sun_path))
		diex(EX_USAGE, "-U '%s': an abstract name is at most %zu "
		    "bytes after '@'", path, sizeof(sun->sun_path) - 1);
	if (*path != '@' && len >= sizeof(sun->sun_path))
		diex(EX_USAGE, "-U '%s': longer than %zu bytes", path,
		    sizeof(sun->sun_path) - 1);
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, path, len);
	if (*path == '@') {
		sun->sun_path[0] = '\0';
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	}
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
}

/*
 * The client accept(2) gave us, named then: after a reset getpeername(2)
 * fails, and a message about the reset must still say who it was.
 */
static char	 client_name[PEER_NAME_MAX];

void
client_named(const struct sockaddr *sa, socklen_t len)
{
	client_name[0] = '\0';
	if (sa->sa_family != AF_UNIX)
		addr_name(sa, len, client_name, sizeof(client_name));
}

/* "127.0.0.1 port 4000" or the path: who a message is about. */
void
peer_name(int s, const struct sockcfg *c, char *buf, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	if (c->path != NULL)
		snprintf(buf, size, "%s", c->path);
	else if (!c->listening)
		snprintf(buf, size, "%s port %s", c->host, c->port);
	else if (client_name[0] != '\0')
		snprintf(buf, size, "%s", client_name);
	else if (getpeername(s, (struct sockaddr *)&ss, &len) == 0)
		addr_name((struct sockaddr *)&ss, len, buf, size);
	else
		snprintf(buf, size, "the client");
}
