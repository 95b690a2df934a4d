#include "CGitShims.h"

#include <git2.h>

int cgit_oid_min_prefix_length(void)
{
	return GIT_OID_MINPREFIXLEN;
}

int cgit_set_strict_object_creation(int enabled)
{
	return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}

int cgit_set_ssl_cert_locations(const char *file, const char *path)
{
	return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}
