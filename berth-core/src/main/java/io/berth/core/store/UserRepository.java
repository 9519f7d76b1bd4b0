package io.berth.core.store;

import io.berth.core.domain.Group;
import io.berth.core.domain.GroupSettings;
import io.berth.core.domain.Image;
import io.berth.core.domain.User;

import java.util.List;
import java.util.Optional;

/** Users, their password hashes, groups, memberships, and which groups may use which images. */
public interface UserRepository {
    User insert(User user, String passwordHash);

    Optional<User> find(long id);

    Optional<User> findByLogin(String login);

    List<User> all();

    void update(User user);

    void setPasswordHash(long userId, String passwordHash);

    Optional<String> passwordHash(long userId);

    boolean delete(long id);

    Group insertGroup(Group group);

    Optional<Group> findGroup(long id);

    Optional<Group> findGroupByName(String name);

    List<Group> groups();

    void updateGroup(Group group);

    boolean deleteGroup(long id);

    /** The group's owner, managing group and limits; empty if none were ever saved. */
    Optional<GroupSettings> groupSettings(long groupId);

    /** Inserts or replaces the settings of {@code settings.groupId()}. */
    void saveGroupSettings(GroupSettings settings);

    /** Returns false if the user already was a member. */
    boolean addMember(long groupId, long userId);

    boolean removeMember(long groupId, long userId);

    List<User> members(long groupId);

    List<Group> groupsOf(long userId);

    boolean grantImage(long groupId, long imageId);

    boolean revokeImage(long groupId, long imageId);

    List<Long> imagesGrantedTo(long groupId);

    /** Images a (non-admin) user may use: those granted to any group the user belongs to. */
    List<Image> imagesUsableBy(long userId);

    boolean canUseImage(long userId, long imageId);
}
