package io.berth.server.xmlrpc;

import io.berth.core.admin.AccountService;
import io.berth.core.admin.ImageService;
import io.berth.core.domain.ConnectData;
import io.berth.core.domain.Image;
import io.berth.core.domain.User;
import io.berth.core.error.ConflictException;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.LimitExceededException;
import io.berth.core.error.NotAvailableException;
import io.berth.core.error.NotFoundException;
import io.berth.core.event.ReservationEvent;
import io.berth.core.event.StoredEvent;
import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationLimits;
import io.berth.core.reservation.ReservationRequest;
import io.berth.core.reservation.ReservationService;
import io.berth.core.reservation.ReservationState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's requests: add (by length or with an end), status, connect data, extend, set the end, end, list.
 * Start times round down and ends up to 15-minute slots, and a start more than 30 s in the past is refused, as in
 * VCL; Berth's core then admits the window against real capacity and the image's and groups' limits.
 */
final class ReservationMethods {
    private static final long PAST_TOLERANCE_SECONDS = 30;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final ReservationService reservations;
    private final ImageService images;
    private final AccountService accounts;
    private final VclRequests requests;
    private final Clock clock;

    ReservationMethods(ReservationService reservations, ImageService images, AccountService accounts, Clock clock) {
        this.reservations = reservations;
        this.images = images;
        this.accounts = accounts;
        this.requests = new VclRequests(reservations, clock);
        this.clock = clock;
    }

    void register(XmlRpcDispatcher d) {
        d.add("XMLRPCaddRequest", 3, 5, "imageid, start, length[, foruser, nousercheck]", (c, p) -> addRequest(c.user(), p));
        d.add("XMLRPCaddRequestWithEnding", 3, 5, "imageid, start, end[, foruser, nousercheck]",
                (c, p) -> addRequestWithEnding(c.user(), p));
        d.add("XMLRPCgetRequestStatus", 1, 1, "requestid", (c, p) -> withRequest(c.user(), p, r -> status(c.user(), r)));
        d.add("XMLRPCgetRequestConnectData", 2, 2, "requestid, remoteIP", (c, p) -> connectData(c.user(), p));
        d.add("XMLRPCextendRequest", 2, 2, "requestid, extendtime", (c, p) -> extend(c.user(), p));
        d.add("XMLRPCsetRequestEnding", 2, 2, "requestid, end", (c, p) -> setEnding(c.user(), p));
        d.add("XMLRPCendRequest", 1, 1, "requestid", (c, p) -> withRequest(c.user(), p, r -> {
            reservations.end(c.user(), r.id());
            return Vcl.success();
        }));
        d.add("XMLRPCgetRequestIds", 0, 0, "", (c, p) -> requestIds(c.user()));
    }

    // --- adding ---

    private Map<String, Object> addRequest(User user, Params p) {
        long imageId = p.number(0, "imageid");
        String start = p.scalar(1, "start");
        long length = p.number(2, "length");
        p.text(3, "foruser", ""); // unsupported in VCL too
        Optional<Image> image = usableImage(user, imageId);
        if (image.isEmpty()) return Vcl.error(3, "access denied to " + imageId);
        Optional<Long> startTs = startTime(start);
        if (startTs.isEmpty()) return Vcl.error(4, "received invalid input for start");
        long allowed = initialAllowance(user, image.get()).toMinutes();
        if (length > allowed) return Vcl.error(6, "max allowed initial length is " + allowed + " minutes");
        if (length < 1) return Vcl.error(6, "length must be at least 1 minute");
        long now = VclTime.unix(clock.instant());
        if (startTs.get() < now - PAST_TOLERANCE_SECONDS) return Vcl.error(5, "start time is in the past");
        long slot = VclTime.floor15(startTs.get());
        return admit(user, image.get(), slot, VclTime.ceil15(slot + length * 60), false);
    }

    private Map<String, Object> addRequestWithEnding(User user, Params p) {
        long imageId = p.number(0, "imageid");
        String start = p.scalar(1, "start");
        String end = p.scalar(2, "end");
        p.text(3, "foruser", "");
        Optional<Image> image = usableImage(user, imageId);
        if (image.isEmpty()) return Vcl.error(3, "access denied to " + imageId);
        Optional<Long> startTs = startTime(start);
        if (startTs.isEmpty()) return Vcl.error(4, "received invalid input for start");
        Optional<Long> endTs = Params.asNumber(end);
        if (endTs.isEmpty()) return Vcl.error(36, "received invalid input for end");
        if (!start.equals("now") && startTs.get() >= endTs.get()) return Vcl.error(37, "start must be less than end");
        long now = VclTime.unix(clock.instant());
        if (startTs.get() < now - PAST_TOLERANCE_SECONDS) return Vcl.error(5, "start time is in the past");
        return admit(user, image.get(), VclTime.floor15(startTs.get()), VclTime.ceil15(endTs.get()), true);
    }

    /** "now" is now; otherwise a Unix timestamp (a number or a numeric string). */
    private Optional<Long> startTime(String start) {
        return start.equals("now") ? Optional.of(VclTime.unix(clock.instant())) : Params.asNumber(start);
    }

    /** The longest new window the user may ask for: the image's maximum within their groups' initial limit. */
    private Duration initialAllowance(User user, Image image) {
        ReservationLimits limits = accounts.limitsFor(user);
        return limits.initialMax().filter(d -> d.compareTo(image.maxDuration()) < 0).orElse(image.maxDuration());
    }

    private Map<String, Object> admit(User user, Image image, long startSlot, long endTs, boolean withEnding) {
        // A slot that began already starts now: Berth does not reserve the past.
        Instant start = VclTime.instant(startSlot);
        ReservationRequest request = new ReservationRequest(image.id(), start.isAfter(clock.instant()) ? start : null,
                VclTime.instant(endTs), null);
        try {
            Reservation r = reservations.request(user, request);
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("requestid", (int) r.id());
            ok.put("status", "success");
            return ok;
        } catch (NotAvailableException | ConflictException e) {
            return Vcl.status("notavailable");
        } catch (LimitExceededException e) {
            return Vcl.error(6, "max allowed " + (withEnding ? "" : "initial ") + "length is " + e.allowed().toMinutes() + " minutes");
        } catch (InvalidInputException e) {
            if ("start".equals(e.field())) return Vcl.error(4, "received invalid input for start");
            return withEnding ? Vcl.error(36, "received invalid input for end") : Vcl.error(6, e.getMessage());
        }
    }

    private Optional<Image> usableImage(User user, long imageId) {
        try {
            return Optional.of(images.get(user, imageId));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    // --- following a request ---

    private interface OnRequest {
        Map<String, Object> apply(Reservation r);
    }

    private Map<String, Object> withRequest(User user, Params p, OnRequest action) {
        long id = p.number(0, "requestid");
        return requests.find(user, id).map(action::apply).orElseGet(ReservationMethods::unknown);
    }

    private static Map<String, Object> unknown() {
        return Vcl.error(1, "unknown requestid");
    }

    /** VCL's statuses: ready, failed, timedout, maintenance, loading (with minutes left), future. */
    private Map<String, Object> status(User user, Reservation r) {
        Instant now = clock.instant();
        if (inMaintenanceMove(user, r)) return Vcl.status("maintenance");
        return switch (r.state()) {
            case READY, IN_USE -> Vcl.status("ready");
            case FAILED -> Vcl.status("failed");
            case TIMED_OUT -> Vcl.status("timedout");
            case PLACED, PROVISIONING -> r.window().start().isAfter(now) ? Vcl.status("future") : loading(r, now);
            default -> Vcl.status("future");
        };
    }

    /**
     * Estimated minutes until ready, as VCL computes it: the image's recent provisioning time less the time since
     * loading began (the request, or the start if later), plus one, at least 1.
     */
    private Map<String, Object> loading(Reservation r, Instant now) {
        Duration estimate = reservations.provisioningEstimate(r.imageId()).orElse(Duration.ZERO);
        Instant began = r.createdAt().isAfter(r.window().start()) ? r.createdAt() : r.window().start();
        long left = (estimate.toSeconds() - Duration.between(began, now).toSeconds()) / 60 + 1;
        Map<String, Object> m = Vcl.status("loading");
        m.put("time", (int) Math.max(1, left));
        return m;
    }

    /** Its instance is being moved off a host an admin put into maintenance: not usable until the move ends. */
    private boolean inMaintenanceMove(User user, Reservation r) {
        if (r.state() != ReservationState.READY && r.state() != ReservationState.IN_USE) return false;
        List<StoredEvent> history = reservations.events(user, r.id(), 0);
        for (int i = history.size() - 1; i >= 0; i--) {
            ReservationEvent e = history.get(i).event();
            if (e instanceof ReservationEvent.Migrated || e instanceof ReservationEvent.MigrationFailed) return false;
            if (e instanceof ReservationEvent.MigrationStarted started) return "maintenance".equals(started.reason().trigger());
        }
        return false;
    }

    private Map<String, Object> connectData(User user, Params p) {
        long id = p.number(0, "requestid");
        String remoteIp = p.text(1, "remoteIP");
        if (!validClientAddress(remoteIp)) return Vcl.error(2, "invalid IP address");
        Optional<Reservation> found = requests.find(user, id);
        if (found.isEmpty()) return unknown();
        Reservation r = found.get();
        boolean ready = (r.state() == ReservationState.READY || r.state() == ReservationState.IN_USE) && !inMaintenanceMove(user, r);
        if (!ready) return Vcl.status("notready");
        try {
            r = reservations.acknowledge(user, id, "xmlrpc", remoteIp);
        } catch (ConflictException e) {
            return Vcl.status("notready"); // it stopped being ready meanwhile
        }
        return connectStruct(r.connect());
    }

    /** An IPv4 address with a first byte of 1-223, as VCL checks it. */
    static boolean validClientAddress(String ip) {
        Matcher m = IPV4.matcher(ip == null ? "" : ip);
        if (!m.matches()) return false;
        int first = Integer.parseInt(m.group(1));
        if (first < 1 || first > 223) return false;
        for (int g = 2; g <= 4; g++) {
            if (Integer.parseInt(m.group(g)) > 255) return false;
        }
        return true;
    }

    private static Map<String, Object> connectStruct(ConnectData cd) {
        Map<String, Object> m = Vcl.status("ready");
        m.put("serverIP", cd.address());
        m.put("user", cd.user());
        m.put("password", cd.password());
        m.put("connectport", cd.endpoints().isEmpty() ? "" : Integer.toString(cd.endpoints().getFirst().port()));
        Map<String, Object> methods = new LinkedHashMap<>();
        int key = 1;
        for (ConnectData.Endpoint e : cd.endpoints()) {
            Map<String, Object> method = new LinkedHashMap<>();
            method.put("description", e.method() + " (" + e.protocol() + ")");
            method.put("connecttext", "Connect with " + e.protocol() + " to " + cd.address() + " port " + e.port()
                    + " as user " + cd.user() + " with password " + cd.password());
            method.put("connectports", List.of("TCP:" + e.port() + ":" + e.port()));
            methods.put(Integer.toString(key++), method);
        }
        m.put("connectMethods", methods);
        return m;
    }

    // --- changing the end ---

    private Map<String, Object> extend(User user, Params p) {
        long id = p.number(0, "requestid");
        long minutes = p.number(1, "extendtime");
        Optional<Reservation> found = requests.find(user, id);
        if (found.isEmpty()) return unknown();
        Reservation r = found.get();
        if (inMaintenanceMove(user, r)) return Vcl.error(103, "reservation in maintenance state");
        if (r.window().start().isAfter(clock.instant())) return Vcl.error(38, "reservation has not started");
        ReservationLimits limits = accounts.limitsFor(user);
        if (limits.maxExtend().isPresent() && minutes > limits.maxExtend().get().toMinutes()) {
            return Vcl.error(39, "extendtime exceeds allowable extension", "allowed", (int) limits.maxExtend().get().toMinutes());
        }
        long newLength = r.window().length().toMinutes() + minutes;
        if (limits.totalMax().isPresent() && newLength > limits.totalMax().get().toMinutes()) {
            return Vcl.error(40, "new reservation length exceeds allowable length", "allowed", (int) limits.totalMax().get().toMinutes());
        }
        long newEnd = VclTime.ceil15(VclTime.unix(r.window().end()) + minutes * 60);
        return changeEnd(user, r, newEnd, false);
    }

    private Map<String, Object> setEnding(User user, Params p) {
        long id = p.number(0, "requestid");
        String endText = p.scalar(1, "end");
        Optional<Reservation> found = requests.find(user, id);
        if (found.isEmpty()) return unknown();
        Optional<Long> end = Params.asNumber(endText);
        if (end.isEmpty() || end.get() < 0 || end.get() > VclTime.LAST_END) return Vcl.error(36, "received invalid input for end");
        Reservation r = found.get();
        if (inMaintenanceMove(user, r)) return Vcl.error(103, "reservation in maintenance state");
        if (r.window().start().isAfter(clock.instant())) return Vcl.error(38, "reservation has not started");
        return changeEnd(user, r, VclTime.ceil15(end.get()), true);
    }

    /**
     * Moves the end through the core, which re-checks capacity on the reservation's host, the image's concurrency
     * cap and the limits, and answers with VCL's codes: 42/43 another reservation follows (43 with what is still
     * possible), 44 the image's concurrency cap, 39/40 a limit, 45 anything else.
     */
    private Map<String, Object> changeEnd(User user, Reservation r, long newEndTs, boolean setEnding) {
        try {
            reservations.changeEnd(user, r.id(), VclTime.instant(newEndTs));
            return Vcl.success();
        } catch (NotAvailableException e) {
            if (e.reason() == NotAvailableException.Reason.CONCURRENCY_LIMIT) return Vcl.error(44, "concurrent license restriction");
            Instant latest = e.earliest().map(w -> w.end()).orElse(r.window().end());
            long spareMinutes = Duration.between(r.window().end(), latest).toMinutes();
            long usable = spareMinutes - spareMinutes % 15;
            if (usable < 15) return Vcl.error(42, "cannot extend due to another reservation immediately after this one");
            return setEnding
                    ? Vcl.error(43, "cannot extend by requested amount due to another reservation", "maxend",
                            VclTime.unix(r.window().end()) + usable * 60)
                    : Vcl.error(43, "cannot extend by requested amount", "availablelength", (int) usable);
        } catch (LimitExceededException e) {
            int allowed = (int) e.allowed().toMinutes();
            return e.limit() == LimitExceededException.Limit.EXTENSION
                    ? Vcl.error(39, "extendtime exceeds allowable extension", "allowed", allowed)
                    : Vcl.error(40, "new reservation length exceeds allowable length", "allowed", allowed);
        } catch (InvalidInputException e) {
            return setEnding ? Vcl.error(36, "received invalid input for end") : Vcl.error(45, "cannot extend at this time");
        } catch (ConflictException e) {
            return Vcl.error(45, "cannot extend at this time");
        }
    }

    // --- listing ---

    private Map<String, Object> requestIds(User user) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Reservation r : requests.list(user)) {
            Optional<Image> image = usableImage(user, r.imageId());
            Map<String, Object> m = new LinkedHashMap<>();
            // VCL reads these from MySQL and returns them as strings; the times it computes are ints.
            m.put("requestid", Long.toString(r.id()));
            m.put("imageid", Long.toString(r.imageId()));
            m.put("imagename", image.map(Image::name).orElse(""));
            m.put("start", VclTime.unix(r.window().start()));
            m.put("end", VclTime.unix(r.window().end()));
            m.put("OS", image.map(Image::os).orElse(""));
            m.put("ostype", ImageMethods.osType(image.map(Image::os).orElse("")));
            m.put("isserver", "0");
            m.put("admin", "1");
            m.put("serverowner", "1");
            m.put("state", VclRequests.stateName(r.state()));
            out.add(m);
        }
        Map<String, Object> result = Vcl.success();
        result.put("requests", out);
        return result;
    }
}
