#ifndef CGITSHIMS_H
#define CGITSHIMS_H

/*
 * Thin C wrappers for the parts of libgit2 that Swift cannot import:
 * the variadic `git_libgit2_opts` and macro-only constants.
 * Every libgit2 call here happens after the Git module has run `git_libgit2_init`.
 * Option setters return libgit2's own return code (0 on success, < 0 on error).
 */

/* Only plain C types cross this interface, so the header does not include <git2.h>;
 * that keeps libgit2's declarations owned by the CLibGit2 module alone. */

/// Shortest object-id prefix libgit2 accepts for prefix lookups (`GIT_OID_MINPREFIXLEN`).
int cgit_oid_min_prefix_length(void);

/// `git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled)`:
/// when on, libgit2 checks that objects referenced by new trees, commits, tags
/// and references exist and have the expected type.
int cgit_set_strict_object_creation(int enabled);

/// `git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path)`: replaces the certificate
/// authorities TLS connections trust with those in `file` (PEM, several concatenated) and/or
/// the directory `path`; either may be NULL, not both.
int cgit_set_ssl_cert_locations(const char *file, const char *path);

#endif /* CGITSHIMS_H */
