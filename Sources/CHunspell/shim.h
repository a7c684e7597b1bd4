#ifndef SPELLKIT_CHUNSPELL_SHIM_H
#define SPELLKIT_CHUNSPELL_SHIM_H

/* pkg-config hunspell adds -I/usr/include/hunspell. */
#include <hunspell.h>

#endif
