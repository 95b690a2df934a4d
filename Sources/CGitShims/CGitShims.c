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
