package io.berth.server.xmlrpc;

import io.berth.core.admin.AccountService;
import io.berth.core.domain.Group;
import io.berth.core.domain.GroupSettings;
import io.berth.core.domain.User;
import io.berth.core.error.BerthException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * VCL's user groups are Berth's groups. VCL's "groupAdmin" privilege is Berth's admin role, and admins manage
 * every group, so VCL's owner and managing-group checks (errors 28, 29, 32, 69) never refuse an admin; owner and
 * managing group are recorded and returned. initialMaxTime, totalMaxTime and maxExtendTime are Berth's group
 * limits ({@link GroupSettings}), enforced by the core for every API.
 */
final class GroupMethods {
    /** VCL's rule for group names. */
    private static final String VCL_NAME = "[-a-zA-Z0-9_.: ]{3,30}";
    /** What Berth also requires of a new name: no spaces or colons, a letter or digit first. */
    private static final String BERTH_NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";
    private static final String NAME_RULE = "Name must be between 3 and 30 characters and can only contain letters, numbers, "
            + "and these characters: - _ . :";

    private final AccountService accounts;

    GroupMethods(AccountService accounts) {
        this.accounts = accounts;
    }

    void register(XmlRpcDispatcher d) {
        d.add("XMLRPCgetUserGroups", 0, 2, "[groupType, affiliationid]", this::getUserGroups);
        d.add("XMLRPCgetUserGroupAttributes", 2, 2, "name, affiliation", (c, p) -> admin(c, () -> attributes(c, p)));
        d.add("XMLRPCaddUserGroup", 7, 8, "name, affiliation, owner, managingGroup, initialMaxTime, totalMaxTime, maxExtendTime[, custom]",
                (c, p) -> admin(c, () -> add(c, p)));
        d.add("XMLRPCeditUserGroup", 4, 9, "name, affiliation, newName, newAffiliation[, newOwner, newManagingGroup, "
                + "newInitialMaxTime, newTotalMaxTime, newMaxExtendTime]", (c, p) -> admin(c, () -> edit(c, p)));
        d.add("XMLRPCremoveUserGroup", 2, 2, "name, affiliation", (c, p) -> admin(c, () -> remove(c, p)));
        d.add("XMLRPCdeleteUserGroup", 2, 2, "name, affiliation", (c, p) -> admin(c, () -> remove(c, p)));
        d.add("XMLRPCgetUserGroupMembers", 2, 2, "name, affiliation", (c, p) -> admin(c, () -> members(c, p)));
        d.add("XMLRPCaddUsersToGroup", 3, 3, "name, affiliation, users", (c, p) -> admin(c, () -> addUsers(c, p)));
        d.add("XMLRPCremoveUsersFromGroup", 3, 3, "name, affiliation, users", (c, p) -> admin(c, () -> removeUsers(c, p)));
    }

    private interface Action {
        Map<String, Object> run();
    }

    private static Map<String, Object> admin(VclCaller caller, Action action) {
        if (!caller.isAdmin()) return Vcl.error(16, "access denied for managing groups");
        return action.run();
    }

    /** A group named by (name, affiliation), or the VCL error that says why not (17, 19, 18). */
    private record Found(Group group, Map<String, Object> error) {}

    private Found existing(VclCaller c, String name, String affiliation) {
        if (!ours(c, affiliation)) return new Found(null, Vcl.error(17, "unknown affiliation"));
        Optional<Group> group = accounts.findGroup(name);
        if (group.isEmpty() && !name.matches(VCL_NAME)) return new Found(null, Vcl.error(19, NAME_RULE));
        return group.map(g -> new Found(g, null))
                .orElseGet(() -> new Found(null, Vcl.error(18, "user group with submitted name and affiliation does not exist")));
    }

    private static boolean ours(VclCaller c, String affiliation) {
        return c.affiliation().equalsIgnoreCase(affiliation == null ? "" : affiliation.strip());
    }

    /** A name for a new group: VCL's rule and Berth's together. */
    private static Optional<Map<String, Object>> badNewName(String name) {
        if (!name.matches(VCL_NAME)) return Optional.of(Vcl.error(19, NAME_RULE));
        if (!name.matches(BERTH_NAME)) {
            return Optional.of(Vcl.error(19, NAME_RULE + " (Berth allows no spaces or colons and a name starts with a letter or digit)"));
        }
        return Optional.empty();
    }

    // --- reading ---

    private Map<String, Object> getUserGroups(VclCaller c, Params p) {
        long type = p.number(0, "groupType", 0);
        long affiliationId = p.number(1, "affiliationid", 0);
        List<Map<String, Object>> out = new ArrayList<>();
        // Berth's groups are all "custom" (managed here, not by an authentication source), none a course roll.
        boolean matches = type != 2 && (affiliationId == 0 || affiliationId == ImageMethods.AFFILIATION_ID);
        if (matches) {
            Set<Long> mine = new HashSet<>();
            accounts.groupsOf(c.user().id()).forEach(g -> mine.add(g.id()));
            for (Group g : accounts.groups()) {
                GroupSettings s = accounts.settingsOf(g.id());
                boolean visible = c.isAdmin() || mine.contains(g.id()) || Long.valueOf(c.user().id()).equals(s.ownerId())
                        || (s.managingGroupId() != null && mine.contains(s.managingGroupId()));
                if (visible) out.add(groupStruct(c, g, s));
            }
        }
        Map<String, Object> r = Vcl.success();
        r.put("groups", out);
        return r;
    }

    /** As VCL returns rows from its database: every value a string. */
    private Map<String, Object> groupStruct(VclCaller c, Group g, GroupSettings s) {
        Optional<User> owner = Optional.ofNullable(s.ownerId()).flatMap(this::user);
        Optional<Group> managing = Optional.ofNullable(s.managingGroupId()).flatMap(this::group);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(g.id()));
        m.put("name", g.name());
        m.put("groupaffiliation", c.affiliation());
        m.put("groupaffiliationid", Integer.toString(ImageMethods.AFFILIATION_ID));
        m.put("ownerid", owner.map(u -> Long.toString(u.id())).orElse(""));
        m.put("owner", owner.map(u -> c.qualified(u.login())).orElse(""));
        m.put("affiliation", owner.isPresent() ? c.affiliation() : "");
        m.put("editgroupid", managing.map(x -> Long.toString(x.id())).orElse(""));
        m.put("editgroup", managing.map(Group::name).orElse(""));
        m.put("editgroupaffiliationid", managing.isPresent() ? Integer.toString(ImageMethods.AFFILIATION_ID) : "");
        m.put("editgroupaffiliation", managing.isPresent() ? c.affiliation() : "");
        m.put("custom", "1");
        m.put("courseroll", "0");
        m.put("initialmaxtime", minutes(s.initialMax()));
        m.put("totalmaxtime", minutes(s.totalMax()));
        m.put("maxextendtime", minutes(s.maxExtend()));
        m.put("overlapResCount", "0");
        return m;
    }

    /** Minutes as VCL's database text; "0" where Berth's group sets no limit. */
    private static String minutes(Duration d) {
        return d == null ? "0" : Long.toString(d.toMinutes());
    }

    private Map<String, Object> attributes(VclCaller c, Params p) {
        Found f = existing(c, p.text(0, "name"), p.text(1, "affiliation"));
        if (f.error() != null) return f.error();
        GroupSettings s = accounts.settingsOf(f.group().id());
        Map<String, Object> r = Vcl.success();
        r.put("owner", Optional.ofNullable(s.ownerId()).flatMap(this::user).map(u -> c.qualified(u.login())).orElse(""));
        // VCL writes "group@affiliation", which is "@" for a group nobody manages.
        r.put("managingGroup", Optional.ofNullable(s.managingGroupId()).flatMap(this::group).map(g -> g.name()).orElse("")
                + "@" + (s.managingGroupId() == null ? "" : c.affiliation()));
        r.put("initialMaxTime", minutes(s.initialMax()));
        r.put("totalMaxTime", minutes(s.totalMax()));
        r.put("maxExtendTime", minutes(s.maxExtend()));
        r.put("overlapResCount", "0");
        return r;
    }

    private Map<String, Object> members(VclCaller c, Params p) {
        Found f = existing(c, p.text(0, "name"), p.text(1, "affiliation"));
        if (f.error() != null) return f.error();
        Map<String, Object> r = Vcl.success();
        r.put("members", accounts.members(f.group().id()).stream().map(u -> c.qualified(u.login())).toList());
        return r;
    }

    // --- changing ---

    /** VCL's 1-65535 minutes, or its error code for that field. */
    private record Minutes(Duration value, Map<String, Object> error) {}

    private static Minutes minutesParam(Object raw, int code, String field) {
        Optional<Long> n = Params.asNumber(raw);
        if (n.isEmpty() || n.get() < 1 || n.get() > 65535) return new Minutes(null, Vcl.error(code, "submitted " + field + " is invalid"));
        return new Minutes(Duration.ofMinutes(n.get()), null);
    }

    private Map<String, Object> add(VclCaller c, Params p) {
        String name = p.text(0, "name");
        String affiliation = p.text(1, "affiliation");
        String ownerText = p.text(2, "owner");
        String managingText = p.text(3, "managingGroup");
        Minutes initial = minutesParam(p.raw(4), 21, "initialMaxTime");
        Minutes total = minutesParam(p.raw(5), 22, "totalMaxTime");
        Minutes extend = minutesParam(p.raw(6), 23, "maxExtendTime");
        long custom = Params.asNumber(p.raw(7)).filter(v -> v == 0 || v == 1).orElse(1L);
        for (Minutes m : List.of(initial, total, extend)) {
            if (m.error() != null) return m.error();
        }
        if (!ours(c, affiliation)) return Vcl.error(17, "unknown affiliation");
        Optional<Map<String, Object>> badName = badNewName(name);
        if (badName.isPresent()) return badName.get();
        if (accounts.findGroup(name).isPresent()) return Vcl.error(27, "existing user group with submitted name and affiliation");
        Long ownerId = null;
        Long managingId = null;
        if (custom == 1) {
            Optional<User> owner = resolveUser(c, ownerText);
            if (owner.isEmpty()) return Vcl.error(20, "submitted owner is invalid");
            ownerId = owner.get().id();
            Object managing = managingGroup(c, managingText);
            if (managing instanceof Map<?, ?> error) return castError(error);
            managingId = (Long) managing;
        }
        try {
            accounts.createGroup(name, "", new GroupSettings(0, ownerId, managingId, initial.value(), total.value(), extend.value()));
            return Vcl.success();
        } catch (BerthException | io.berth.store.jdbc.DuplicateKeyException e) {
            return Vcl.error(26, "failure while adding group to database");
        }
    }

    private Map<String, Object> edit(VclCaller c, Params p) {
        String name = p.text(0, "name");
        String affiliation = p.text(1, "affiliation");
        String newName = p.text(2, "newName");
        String newAffiliation = p.text(3, "newAffiliation");
        Object newOwner = p.raw(4);
        Object newManaging = p.raw(5);
        Object[] newTimes = {p.raw(6), p.raw(7), p.raw(8)};
        Minutes[] times = new Minutes[3];
        int[] codes = {21, 22, 23};
        String[] fields = {"initialMaxTime", "totalMaxTime", "maxExtendTime"};
        for (int i = 0; i < 3; i++) {
            if (empty(newTimes[i])) continue;
            times[i] = minutesParam(newTimes[i], codes[i], fields[i]);
            if (times[i].error() != null) return times[i].error();
        }
        Found f = existing(c, name, affiliation);
        if (f.error() != null) return f.error();
        GroupSettings s = accounts.settingsOf(f.group().id());
        boolean changed = false;
        Long ownerId = s.ownerId();
        if (!empty(newOwner)) {
            Optional<User> owner = resolveUser(c, String.valueOf(newOwner));
            if (owner.isEmpty()) return Vcl.error(20, "submitted owner is invalid");
            ownerId = owner.get().id();
            changed = true;
        }
        Long managingId = s.managingGroupId();
        if (!empty(newManaging)) {
            Object managing = managingGroup(c, String.valueOf(newManaging));
            if (managing instanceof Map<?, ?> error) return castError(error);
            managingId = (Long) managing;
            changed = true;
        }
        String rename = null;
        if (!empty(newAffiliation) && !ours(c, newAffiliation)) return Vcl.error(17, "unknown affiliation");
        if (!empty(newName) && !newName.equals(f.group().name())) {
            Optional<Map<String, Object>> badName = badNewName(newName);
            if (badName.isPresent()) return badName.get();
            if (accounts.findGroup(newName).isPresent()) return Vcl.error(31, "existing user group with new form of name@affiliation");
            rename = newName;
        }
        Duration[] limits = {s.initialMax(), s.totalMax(), s.maxExtend()};
        for (int i = 0; i < 3; i++) {
            if (times[i] != null) {
                limits[i] = times[i].value();
                changed = true;
            }
        }
        if (!changed && rename == null) return Vcl.error(33, "no new values submitted");
        try {
            if (rename != null) accounts.updateGroup(f.group().id(), rename, null);
            accounts.changeSettings(new GroupSettings(f.group().id(), ownerId, managingId, limits[0], limits[1], limits[2]));
            return Vcl.success();
        } catch (BerthException | io.berth.store.jdbc.DuplicateKeyException e) {
            return Vcl.error(31, "existing user group with new form of name@affiliation");
        }
    }

    /** Refuses, like VCL, to remove a group still in use: one that grants images or holds a running block allocation. */
    private Map<String, Object> remove(VclCaller c, Params p) {
        Found f = existing(c, p.text(0, "name"), p.text(1, "affiliation"));
        if (f.error() != null) return f.error();
        if (!accounts.grantedImages(f.group().id()).isEmpty()) return Vcl.error(72, "group currently in use and cannot be removed");
        try {
            accounts.deleteGroup(f.group().id());
            return Vcl.success();
        } catch (ConflictException e) {
            return Vcl.error(72, "group currently in use and cannot be removed");
        } catch (BerthException | io.berth.store.jdbc.ReferencedRowException e) {
            return Vcl.error(30, "failure while deleting group from database");
        }
    }

    private Map<String, Object> addUsers(VclCaller c, Params p) {
        return changeMembers(c, p, true);
    }

    private Map<String, Object> removeUsers(VclCaller c, Params p) {
        return changeMembers(c, p, false);
    }

    private Map<String, Object> changeMembers(VclCaller c, Params p, boolean add) {
        Found f = existing(c, p.text(0, "name"), p.text(1, "affiliation"));
        List<?> users = p.list(2, "users");
        if (f.error() != null) return f.error();
        List<String> failed = new ArrayList<>();
        for (Object entry : users) {
            if (empty(entry)) continue;
            String text = String.valueOf(entry);
            Optional<User> user = resolveUser(c, text);
            if (user.isEmpty()) {
                failed.add(text);
                continue;
            }
            if (add) {
                accounts.addMember(f.group().id(), user.get().id());
            } else {
                try {
                    accounts.removeMember(f.group().id(), user.get().id());
                } catch (NotFoundException notAMember) {
                    // VCL removes quietly what is not there
                }
            }
        }
        if (failed.isEmpty()) return Vcl.success();
        boolean all = failed.size() == users.size();
        Map<String, Object> r = Vcl.status("warning");
        r.put("failedusers", failed);
        r.put("warningcode", add ? (all ? 35 : 34) : (all ? 37 : 36));
        r.put("warningmsg", add ? "failed to add " + (all ? "all submitted" : "some") + " users to user group"
                : "failed to remove " + (all ? "any" : "some") + " users from user group");
        return r;
    }

    // --- helpers ---

    /** "login@Affiliation" or a bare login (VCL's default affiliation). */
    private Optional<User> resolveUser(VclCaller c, String text) {
        String s = text == null ? "" : text.strip();
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            if (!ours(c, s.substring(at + 1))) return Optional.empty();
            s = s.substring(0, at);
        }
        return s.isEmpty() ? Optional.empty() : accounts.findUser(s);
    }

    /** The id of "group@Affiliation", or VCL's error 24 (not in that form) or 25 (no such group). */
    private Object managingGroup(VclCaller c, String text) {
        String[] parts = (text == null ? "" : text).split("@", -1);
        if (parts.length != 2) return Vcl.error(24, "submitted managingGroup is invalid");
        if (!ours(c, parts[1])) return Vcl.error(25, "submitted managingGroup does not exist");
        return accounts.findGroup(parts[0]).map(g -> (Object) g.id())
                .orElseGet(() -> Vcl.error(25, "submitted managingGroup does not exist"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castError(Map<?, ?> error) {
        return (Map<String, Object>) error;
    }

    /** PHP's empty(): nothing, "", "0", 0 or false. */
    private static boolean empty(Object v) {
        return v == null || "".equals(v) || "0".equals(v) || Integer.valueOf(0).equals(v) || Long.valueOf(0).equals(v)
                || Boolean.FALSE.equals(v);
    }

    private Optional<User> user(long id) {
        try {
            return Optional.of(accounts.user(id));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Group> group(long id) {
        try {
            return Optional.of(accounts.group(id));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
