/*
 * libtls, loaded by sock_tlslib.c when -c asks for TLS, and only then:
 * a clear-text sockpipe never maps libtls, libssl and libcrypto, whose
 * loading and relocation cost every start 2 ms and 1.5 MiB of memory.
 * sock_tls.c calls libtls by its own names, after <tls.h>; the macros
 * below send each call through the table that tlslib_load() fills.
 */
#ifndef IPCTOOLS_TLSLIB_H
#define IPCTOOLS_TLSLIB_H

#include <tls.h>

/* Every libtls function sockpipe calls. */
#define TLSLIB_FUNCS \
	X(tls_accept_socket) X(tls_client) X(tls_close) \
	X(tls_config_error) X(tls_config_free) \
	X(tls_config_insecure_noverifycert) \
	X(tls_config_insecure_noverifyname) X(tls_config_new) \
	X(tls_config_ocsp_require_stapling) X(tls_config_parse_protocols) \
	X(tls_config_set_ca_file) X(tls_config_set_cert_file) \
	X(tls_config_set_ciphers) X(tls_config_set_key_file) \
	X(tls_config_set_protocols) X(tls_config_verify_client) \
	X(tls_configure) X(tls_conn_cipher) X(tls_conn_version) \
	X(tls_connect_socket) X(tls_error) X(tls_free) X(tls_handshake) \
	X(tls_init) X(tls_peer_cert_hash) X(tls_peer_cert_provided) \
	X(tls_read) X(tls_server) X(tls_write)

struct tlslib {
#define X(f)	__typeof__(f) *f;
	TLSLIB_FUNCS
#undef X
};

extern struct tlslib tlslib;

void	tlslib_load(void);

#ifndef TLSLIB_IMPL
#define tls_accept_socket	tlslib.tls_accept_socket
#define tls_client		tlslib.tls_client
#define tls_close		tlslib.tls_close
#define tls_config_error	tlslib.tls_config_error
#define tls_config_free		tlslib.tls_config_free
#define tls_config_insecure_noverifycert \
				tlslib.tls_config_insecure_noverifycert
#define tls_config_insecure_noverifyname \
				tlslib.tls_config_insecure_noverifyname
#define tls_config_new		tlslib.tls_config_new
#define tls_config_ocsp_require_stapling \
				tlslib.tls_config_ocsp_require_stapling
#define tls_config_parse_protocols tlslib.tls_config_parse_protocols
#define tls_config_set_ca_file	tlslib.tls_config_set_ca_file
#define tls_config_set_cert_file tlslib.tls_config_set_cert_file
#define tls_config_set_ciphers	tlslib.tls_config_set_ciphers
#define tls_config_set_key_file	tlslib.tls_config_set_key_file
#define tls_config_set_protocols tlslib.tls_config_set_protocols
#define tls_config_verify_client tlslib.tls_config_verify_client
#define tls_configure		tlslib.tls_configure
#define tls_conn_cipher		tlslib.tls_conn_cipher
#define tls_conn_version	tlslib.tls_conn_version
#define tls_connect_socket	tlslib.tls_connect_socket
#define tls_error		tlslib.tls_error
#define tls_free		tlslib.tls_free
#define tls_handshake		tlslib.tls_handshake
#define tls_init		tlslib.tls_init
#define tls_peer_cert_hash	tlslib.tls_peer_cert_hash
#define tls_peer_cert_provided	tlslib.tls_peer_cert_provided
#define tls_read		tlslib.tls_read
#define tls_server		tlslib.tls_server
#define tls_write		tlslib.tls_write
#endif

#endif /* IPCTOOLS_TLSLIB_H */
