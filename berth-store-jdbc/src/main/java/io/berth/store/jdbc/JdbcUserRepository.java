package io.berth.store.jdbc;

import io.berth.core.domain.Group;
import io.berth.core.domain.GroupSettings;
import io.berth.core.domain.Image;
import io.berth.core.domain.Role;
import io.berth.core.domain.User;
import io.berth.core.store.UserRepository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Users, groups, memberships and image grants. What every request asks (a user by id, the user's groups and their
 * settings, whether the user may use an image) comes from the accounts {@link RowCache} until this transaction writes
 * any of these tables; any such write drops the cache when the transaction ends.
 */
final class JdbcUserRepository implements UserRepository {
    private static final String USER_COLUMNS = "id, login, display_name, email, role, enabled";
    private static final String GROUP_COLUMNS = "id, name, description";
    /** The ids of images granted to a group the user (the parameter) belongs to. */
    private static final String USABLE_IMAGE_IDS = "SELECT gi.image_id FROM group_images gi"
            + " JOIN group_members gm ON gm.group_id = gi.group_id WHERE gm.user_id = ?";

    private record UserById(long id) {}

    private record GroupsOf(long userId) {}

    private record SettingsOf(long groupId) {}

    private record MayUse(long userId, long imageId) {}

    private final Sql sql;
    private final RowCache.InTransaction accounts;

    JdbcUserRepository(Sql sql, RowCache.InTransaction accounts) {
        this.sql = sql;
        this.accounts = accounts;
    }

    @Override
    public User insert(User user, String passwordHash) {
        accounts.writing();
        long id = sql.insertUnique("users.login", user.login(),
                "INSERT INTO users (login, display_name, email, role, enabled, password_hash) VALUES (?, ?, ?, ?, ?, ?)",
                user.login(), user.displayName(), user.email(), user.role(), user.enabled(), passwordHash);
        return new User(id, user.login(), user.displayName(), user.email(), user.role(), user.enabled());
    }

    @Override
    public Optional<User> find(long id) {
        return accounts.get(new UserById(id),
                () -> sql.first("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?", JdbcUserRepository::user, id));
    }

    @Override
    public Optional<User> findByLogin(String login) {
        return sql.first("SELECT " + USER_COLUMNS + " FROM users WHERE login = ?", JdbcUserRepository::user, login);
    }

    @Override
    public List<User> all() {
        return sql.list("SELECT " + USER_COLUMNS + " FROM users ORDER BY id", JdbcUserRepository::user);
    }

    @Override
    public void update(User user) {
        accounts.writing();
        sql.updateUnique("users.login", user.login(),
                "UPDATE users SET login = ?, display_name = ?, email = ?, role = ?, enabled = ? WHERE id = ?",
                user.login(), user.displayName(), user.email(), user.role(), user.enabled(), user.id());
    }

    @Override
    public void setPasswordHash(long userId, String passwordHash) {
        sql.update("UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, userId);
    }

    @Override
    public Optional<String> passwordHash(long userId) {
        return sql.first("SELECT password_hash FROM users WHERE id = ?", rs -> rs.getString(1), userId);
    }

    @Override
    public boolean delete(long id) {
        accounts.writing();
        return sql.delete("user " + id, "DELETE FROM users WHERE id = ?", id);
    }

    @Override
    public Group insertGroup(Group group) {
        accounts.writing();
        long id = sql.insertUnique("user_groups.name", group.name(),
                "INSERT INTO user_groups (name, description) VALUES (?, ?)", group.name(), group.description());
        return new Group(id, group.name(), group.description());
    }

    @Override
    public Optional<Group> findGroup(long id) {
        return sql.first("SELECT " + GROUP_COLUMNS + " FROM user_groups WHERE id = ?", JdbcUserRepository::group, id);
    }

    @Override
    public Optional<Group> findGroupByName(String name) {
        return sql.first("SELECT " + GROUP_COLUMNS + " FROM user_groups WHERE name = ?", JdbcUserRepository::group, name);
    }

    @Override
    public List<Group> groups() {
        return sql.list("SELECT " + GROUP_COLUMNS + " FROM user_groups ORDER BY id", JdbcUserRepository::group);
    }

    @Override
    public void updateGroup(Group group) {
        accounts.writing();
        sql.updateUnique("user_groups.name", group.name(),
                "UPDATE user_groups SET name = ?, description = ? WHERE id = ?", group.name(), group.description(), group.id());
    }

    @Override
    public boolean deleteGroup(long id) {
        accounts.writing();
        return sql.delete("group " + id, "DELETE FROM user_groups WHERE id = ?", id);
    }

    @Override
    public Optional<GroupSettings> groupSettings(long groupId) {
        return accounts.get(new SettingsOf(groupId), () -> sql.first("SELECT group_id, owner_id, managing_group_id, initial_max_seconds, total_max_seconds, max_extend_seconds"
                + " FROM group_settings WHERE group_id = ?", rs -> new GroupSettings(rs.getLong("group_id"),
                Sql.nullableLong(rs, "owner_id"), Sql.nullableLong(rs, "managing_group_id"), seconds(rs, "initial_max_seconds"),
                seconds(rs, "total_max_seconds"), seconds(rs, "max_extend_seconds")), groupId));
    }

    @Override
    public void saveGroupSettings(GroupSettings s) {
        accounts.writing();
        Object[] values = {s.ownerId(), s.managingGroupId(), seconds(s.initialMax()), seconds(s.totalMax()), seconds(s.maxExtend()),
                s.groupId()};
        int updated = sql.update("UPDATE group_settings SET owner_id = ?, managing_group_id = ?, initial_max_seconds = ?,"
                + " total_max_seconds = ?, max_extend_seconds = ? WHERE group_id = ?", values);
        if (updated == 0) {
            sql.update("INSERT INTO group_settings (owner_id, managing_group_id, initial_max_seconds, total_max_seconds,"
                    + " max_extend_seconds, group_id) VALUES (?, ?, ?, ?, ?, ?)", values);
        }
    }

    private static Duration seconds(ResultSet rs, String column) throws SQLException {
        Long value = Sql.nullableLong(rs, column);
        return value == null ? null : Duration.ofSeconds(value);
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }

    @Override
    public boolean addMember(long groupId, long userId) {
        accounts.writing();
        return sql.insertIfAbsent("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)", groupId, userId);
    }

    @Override
    public boolean removeMember(long groupId, long userId) {
        accounts.writing();
        return sql.update("DELETE FROM group_members WHERE group_id = ? AND user_id = ?", groupId, userId) > 0;
    }

    @Override
    public List<User> members(long groupId) {
        return sql.list("SELECT " + USER_COLUMNS + " FROM users WHERE id IN"
                + " (SELECT user_id FROM group_members WHERE group_id = ?) ORDER BY id", JdbcUserRepository::user, groupId);
    }

    @Override
    public List<Group> groupsOf(long userId) {
        return accounts.get(new GroupsOf(userId), () -> List.copyOf(sql.list("SELECT " + GROUP_COLUMNS + " FROM user_groups WHERE id IN"
                + " (SELECT group_id FROM group_members WHERE user_id = ?) ORDER BY id", JdbcUserRepository::group, userId)));
    }

    @Override
    public boolean grantImage(long groupId, long imageId) {
        accounts.writing();
        return sql.insertIfAbsent("INSERT INTO group_images (group_id, image_id) VALUES (?, ?)", groupId, imageId);
    }

    @Override
    public boolean revokeImage(long groupId, long imageId) {
        accounts.writing();
        return sql.update("DELETE FROM group_images WHERE group_id = ? AND image_id = ?", groupId, imageId) > 0;
    }

    @Override
    public List<Long> imagesGrantedTo(long groupId) {
        return sql.list("SELECT image_id FROM group_images WHERE group_id = ? ORDER BY image_id",
                rs -> rs.getLong(1), groupId);
    }

    @Override
    public List<Image> imagesUsableBy(long userId) {
        return sql.list("SELECT " + JdbcImageRepository.COLUMNS + " FROM images WHERE id IN (" + USABLE_IMAGE_IDS
                + ") ORDER BY id", JdbcImageRepository::image, userId);
    }

    @Override
    public boolean canUseImage(long userId, long imageId) {
        return accounts.get(new MayUse(userId, imageId), () -> sql.first("SELECT 1 FROM images WHERE id = ? AND id IN ("
                + USABLE_IMAGE_IDS + ")", rs -> true, imageId, userId).isPresent());
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("login"), rs.getString("display_name"), rs.getString("email"),
                Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"));
    }

    private static Group group(ResultSet rs) throws SQLException {
        return new Group(rs.getLong("id"), rs.getString("name"), rs.getString("description"));
    }
}
