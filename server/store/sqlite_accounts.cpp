// SqliteFleetStore: the accounts of the admin API (SPEC §5.4) and their
// sessions. Every change to an account commits with its audit line.

#include <future>

#include "server/store/sqlite_audit.hpp"
#include "server/store/sqlite_fleet_store.hpp"

namespace clicfleet::server {

using common::Errc;
using common::from_unix_seconds;
using common::make_error;
using common::to_unix_seconds;

namespace {

constexpr std::string_view kUserColumns =
    "username, role, password_hash, disabled, must_change_password, created_at, "
    "password_changed_at";

UserRecord user_from_row(const Statement& stmt) {
    UserRecord user{stmt.column_text(0),
                    stmt.column_text(1),
                    stmt.column_text(2),
                    stmt.column_int(3) != 0,
                    stmt.column_int(4) != 0,
                    from_unix_seconds(stmt.column_int(5)),
                    std::nullopt};
    if (!stmt.column_is_null(6)) user.password_changed_at = from_unix_seconds(stmt.column_int(6));
    return user;
}

Result<std::optional<UserRecord>> find_user(Database& db, const std::string& username) {
    auto stmt =
        db.prepare("SELECT " + std::string(kUserColumns) + " FROM users WHERE username = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, username);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<UserRecord>{};
    return std::optional<UserRecord>{user_from_row(*stmt)};
}

Status insert_user(Database& db, const UserRecord& user) {
    auto insert = db.prepare(
        "INSERT INTO users (username, role, password_hash, disabled, must_change_password, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) return insert.error();
    insert->bind(1, user.username)
        .bind(2, user.role)
        .bind(3, user.password_hash)
        .bind(4, std::int64_t{user.disabled})
        .bind(5, std::int64_t{user.must_change_password})
        .bind(6, to_unix_seconds(user.created_at));
    if (auto s = insert->run(); !s) {
        if (s.error().code != Errc::conflict) return s;
        return make_error(Errc::conflict, "user '" + user.username + "' already exists",
                          "username");
    }
    return {};
}

/// Whether an enabled admin other than `username` exists.
Result<bool> another_admin(Database& db, const std::string& username) {
    auto stmt = db.prepare(
        "SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0 AND username <> ?1 LIMIT 1");
    if (!stmt) return stmt.error();
    stmt->bind(1, username);
    return stmt->step();
}

Status end_sessions_of(Database& db, const std::string& username) {
    auto erase = db.prepare("DELETE FROM api_sessions WHERE username = ?1");
    if (!erase) return erase.error();
    return erase->bind(1, username).run();
}

/// `change` applied to `user` as it is stored; the sessions end if it asks.
Status apply_change(Database& db, UserRecord& user, const AccountChange& change, TimePoint now) {
    const bool was_admin = user.role == "admin" && !user.disabled;
    bool ends_sessions = false;
    if (change.role && *change.role != user.role) {
        user.role = *change.role;
        ends_sessions = true;
    }
    if (change.disabled && *change.disabled != user.disabled) {
        user.disabled = *change.disabled;
        ends_sessions = true;
    }
    if (change.password_hash) {
        user.password_hash = *change.password_hash;
        user.password_changed_at = now;
        ends_sessions = true;
    }
    // A session of a user who must change the password opens nothing else;
    // it need not end.
    if (change.must_change_password) user.must_change_password = *change.must_change_password;
    if (was_admin && (user.role != "admin" || user.disabled)) {
        auto other = another_admin(db, user.username);
        if (!other) return other.error();
        if (!*other) {
            return make_error(
                Errc::conflict,
                "'" + user.username + "' is the last enabled admin: make another admin first",
                "username");
        }
    }
    auto update = db.prepare(
        "UPDATE users SET role = ?2, disabled = ?3, password_hash = ?4, "
        "must_change_password = ?5, password_changed_at = ?6 WHERE username = ?1");
    if (!update) return update.error();
    update->bind(1, user.username)
        .bind(2, user.role)
        .bind(3, std::int64_t{user.disabled})
        .bind(4, user.password_hash)
        .bind(5, std::int64_t{user.must_change_password});
    if (user.password_changed_at) {
        update->bind(6, to_unix_seconds(*user.password_changed_at));
    } else {
        update->bind_null(6);
    }
    if (auto s = update->run(); !s) return s;
    return ends_sessions ? end_sessions_of(db, user.username) : Status{};
}

}  // namespace

void SqliteFleetStore::create_session(std::string token_hash, std::string username, TimePoint now,
                                      TimePoint expires_at, Completion<bool> done) {
    writes_.submit<bool>(
        [token_hash = std::move(token_hash), username = std::move(username), now,
         expires_at](Database& db) -> Result<bool> {
            // Expired sessions are swept whenever a new one is made.
            auto sweep = db.prepare("DELETE FROM api_sessions WHERE expires_at <= ?1");
            if (!sweep) return sweep.error();
            if (auto s = sweep->bind(1, to_unix_seconds(now)).run(); !s) return s.error();
            auto insert = db.prepare(
                "INSERT INTO api_sessions (token_hash, username, created_at, expires_at) "
                "VALUES (?1, ?2, ?3, ?4)");
            if (!insert) return insert.error();
            insert->bind(1, token_hash)
                .bind(2, username)
                .bind(3, to_unix_seconds(now))
                .bind(4, to_unix_seconds(expires_at));
            if (auto s = insert->run(); !s) return s.error();
            return true;
        },
        std::move(done));
}

void SqliteFleetStore::end_session(std::string token_hash, Completion<bool> done) {
    writes_.submit<bool>(
        [token_hash = std::move(token_hash)](Database& db) -> Result<bool> {
            auto erase = db.prepare("DELETE FROM api_sessions WHERE token_hash = ?1");
            if (!erase) return erase.error();
            if (auto s = erase->bind(1, token_hash).run(); !s) return s.error();
            return db.changes() > 0;
        },
        std::move(done));
}

Result<std::optional<UserRecord>> SqliteFleetStore::user(const std::string& username) {
    auto r = reader();
    if (!r) return r.error();
    return find_user(r->db(), username);
}

Result<std::vector<UserRecord>> SqliteFleetStore::users() {
    auto r = reader();
    if (!r) return r.error();
    auto stmt =
        r->db().prepare("SELECT " + std::string(kUserColumns) + " FROM users ORDER BY username");
    if (!stmt) return stmt.error();
    std::vector<UserRecord> users;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        users.push_back(user_from_row(*stmt));
    }
    return users;
}

Result<std::optional<SessionRecord>> SqliteFleetStore::session(const std::string& token_hash,
                                                               TimePoint now) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare(
        "SELECT s.username, u.role, s.expires_at, u.must_change_password FROM api_sessions s "
        "JOIN users u ON u.username = s.username "
        "WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0");
    if (!stmt) return stmt.error();
    stmt->bind(1, token_hash).bind(2, to_unix_seconds(now));
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<SessionRecord>{};
    return std::optional<SessionRecord>{SessionRecord{stmt->column_text(0), stmt->column_text(1),
                                                      from_unix_seconds(stmt->column_int(2)),
                                                      stmt->column_int(3) != 0}};
}

Status SqliteFleetStore::add_user(const UserRecord& user, TimePoint now) {
    std::promise<Status> result;
    UserRecord added = user;
    added.created_at = now;
    writes_.submit([&added](Database& db) { return insert_user(db, added); },
                   [&result](Status s) { result.set_value(std::move(s)); });
    return result.get_future().get();
}

void SqliteFleetStore::create_user(UserRecord user, AuditEntry audit, Completion<UserRecord> done) {
    writes_.submit<UserRecord>(
        [user = std::move(user), audit = std::move(audit)](Database& db) -> Result<UserRecord> {
            if (auto s = insert_user(db, user); !s) return s.error();
            if (auto s = write_audit(db, audit); !s) return s.error();
            return user;
        },
        std::move(done));
}

void SqliteFleetStore::change_account(std::string username, AccountChange change, AuditEntry audit,
                                      Completion<UserRecord> done) {
    writes_.submit<UserRecord>(
        [username = std::move(username), change = std::move(change),
         audit = std::move(audit)](Database& db) -> Result<UserRecord> {
            auto user = find_user(db, username);
            if (!user) return user.error();
            if (!*user)
                return make_error(Errc::not_found, "no user '" + username + "'", "username");
            if (auto s = apply_change(db, **user, change, audit.at); !s) return s.error();
            if (auto s = write_audit(db, audit); !s) return s.error();
            return std::move(**user);
        },
        std::move(done));
}

}  // namespace clicfleet::server
