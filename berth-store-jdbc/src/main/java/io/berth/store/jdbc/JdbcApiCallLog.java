package io.berth.store.jdbc;

import io.berth.core.store.ApiCall;
import io.berth.core.store.ApiCallLog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The record of remote-procedure calls. Text is cut to the column sizes, so an odd call is still recorded. */
final class JdbcApiCallLog implements ApiCallLog {
    private static final String COLUMNS = "id, at, protocol, user_id, login, address, method, arguments, outcome";

    private final Sql sql;

    JdbcApiCallLog(Sql sql) {
        this.sql = sql;
    }

    @Override
    public ApiCall append(ApiCall c) {
        ApiCall fitted = new ApiCall(0, Sql.stored(c.at()), cut(c.protocol(), 20), c.userId(), cut(c.login(), 200),
                cut(c.address(), 100), cut(c.method(), 100), cut(c.arguments(), 4000), cut(c.outcome(), 200));
        long id = sql.insertUnique("api_calls.id", "(new)",
                "INSERT INTO api_calls (at, protocol, user_id, login, address, method, arguments, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                fitted.at(), fitted.protocol(), fitted.userId(), fitted.login(), fitted.address(), fitted.method(),
                fitted.arguments(), fitted.outcome());
        return new ApiCall(id, fitted.at(), fitted.protocol(), fitted.userId(), fitted.login(), fitted.address(), fitted.method(),
                fitted.arguments(), fitted.outcome());
    }

    @Override
    public List<ApiCall> recent(int limit, long beforeId) {
        return sql.list("SELECT " + COLUMNS + " FROM api_calls WHERE id < ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY",
                JdbcApiCallLog::call, beforeId, Math.max(1, limit));
    }

    private static String cut(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static ApiCall call(ResultSet rs) throws SQLException {
        return new ApiCall(rs.getLong("id"), Sql.instant(rs, "at"), rs.getString("protocol"), Sql.nullableLong(rs, "user_id"),
                rs.getString("login"), rs.getString("address"), rs.getString("method"), rs.getString("arguments"),
                rs.getString("outcome"));
    }
}
