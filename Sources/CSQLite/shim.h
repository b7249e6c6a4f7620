#ifndef IRONCASHIER_CSQLITE_SHIM_H
#define IRONCASHIER_CSQLITE_SHIM_H
#include <sqlite3.h>

// Swift cannot call C variadic functions, so the few sqlite3_db_config calls we need are wrapped here.
static inline int ironcashier_sqlite3_disable_dqs(sqlite3 *db) {
#if SQLITE_VERSION_NUMBER >= 3029000
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (void *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (void *)0);
#else
    return SQLITE_OK;
#endif
}

static inline int ironcashier_sqlite3_enable_defensive(sqlite3 *db) {
#if SQLITE_VERSION_NUMBER >= 3026000
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (void *)0);
#else
    return SQLITE_OK;
#endif
}
#endif
