#ifndef PONY_CLIBPQ_SHIM_H
#define PONY_CLIBPQ_SHIM_H

// Debian's libpq-dev installs its headers in /usr/include/postgresql.
#include <postgresql/libpq-fe.h>

#endif
