/* errors.c: the per-handle error message and the library's version. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

const char *ostrec_version(void) { return OSTREC_VERSION; }

int ostrec__fail(ostrec *db, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
    va_end(ap);
    return code;
}

int ostrec__fail_sql(ostrec *db, const char *context)
{
    if (db->sql == NULL)
        return ostrec__fail(db, OSTREC_EDB, "%s: cannot open database", context);
    int code = sqlite3_extended_errcode(db->sql) & 0xFF;
    if (code == SQLITE_NOMEM) return ostrec__fail(db, OSTREC_ENOMEM, "%s: out of memory", context);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return ostrec__fail(db, OSTREC_EDB, "%s: the catalog is busy: another program is writing to it (%s); try again when it is done",
                            context, sqlite3_errmsg(db->sql));
    return ostrec__fail(db, OSTREC_EDB, "%s: %s", context, sqlite3_errmsg(db->sql));
}

void ostrec__clear_error(ostrec *db) { db->errmsg[0] = '\0'; }

const char *ostrec_errmsg(const ostrec *db)
{
    return db == NULL ? "out of memory" : db->errmsg;
}
