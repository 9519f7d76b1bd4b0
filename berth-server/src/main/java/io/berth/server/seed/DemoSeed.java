package io.berth.server.seed;

import io.berth.core.BerthCore;
import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.domain.Role;
import io.berth.core.domain.User;
import io.berth.rm.sim.SimulatedResourceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * On an empty database: a simulated datacenter (three pools of realistic hypervisors), a small image
 * catalogue, and a demo admin and user. Their generated passwords are kept in the data folder
 * (readable by the owner only) so they can be shown again on every start.
 */
public final class DemoSeed {
    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);
    public static final String CREDENTIALS_FILE = "demo-credentials.properties";

    public record Credentials(String adminLogin, String adminPassword, String userLogin, String userPassword) {}

    private DemoSeed() {}

    /** Seeds if there are no users yet; returns the demo credentials if they are known. */
    public static Credentials ensure(BerthCore core, Path dataDir) {
        Path file = dataDir.resolve(CREDENTIALS_FILE);
        if (!core.accounts().users().isEmpty()) return read(file);
        Credentials c = new Credentials("admin", password(), "demo", password());
        seedInventory(core);
        List<Image> images = seedImages(core);
        core.accounts().createUser(c.adminLogin(), "Lab administrator", "admin@lab.example", Role.ADMIN, c.adminPassword().toCharArray());
        User demo = core.accounts().createUser(c.userLogin(), "Demo student", "demo@lab.example", Role.USER, c.userPassword().toCharArray());
        var students = core.accounts().createGroup("students", "Everyone taking lab courses");
        core.accounts().addMember(students.id(), demo.id());
        for (Image i : images) {
            if (!i.name().equals("cuda-ml")) core.accounts().grantImage(students.id(), i.id());
        }
        write(file, c);
        log.info("seeded the demo datacenter: {} pools, {} hosts, {} images", core.inventory().pools().size(),
                core.inventory().hosts(null).size(), images.size());
        return c;
    }

    private static void seedInventory(BerthCore core) {
        Pool labA = core.inventory().createPool("lab-a", SimulatedResourceManager.TYPE,
                "General-purpose hypervisors (2x16 cores, 256 GiB)", null, Map.of());
        for (int i = 1; i <= 6; i++) {
            core.inventory().addHost(labA.id(), "lab-a-" + i, List.of(
                    new Inventory(ResourceClass.VCPU, 32, 2, 4.0),
                    new Inventory(ResourceClass.MEMORY_MB, 262_144, 8_192, 1.0),
                    new Inventory(ResourceClass.DISK_GB, 3_840, 100, 1.0)), null);
        }
        // Load-aware from the start, to show the difference (lab-a keeps the default, round robin).
        Pool labB = core.inventory().createPool("lab-b", SimulatedResourceManager.TYPE,
                "Older hypervisors (2x12 cores, 192 GiB), placed by live load", "balanced", Map.of());
        for (int i = 1; i <= 4; i++) {
            core.inventory().addHost(labB.id(), "lab-b-" + i, List.of(
                    new Inventory(ResourceClass.VCPU, 24, 2, 4.0),
                    new Inventory(ResourceClass.MEMORY_MB, 196_608, 8_192, 1.0),
                    new Inventory(ResourceClass.DISK_GB, 1_920, 100, 1.0)), null);
        }
        Pool gpu = core.inventory().createPool("gpu", SimulatedResourceManager.TYPE,
                "GPU servers (64 cores, 512 GiB, 4x A100)", null, Map.of());
        for (int i = 1; i <= 2; i++) {
            core.inventory().addHost(gpu.id(), "gpu-" + i, List.of(
                    new Inventory(ResourceClass.VCPU, 64, 4, 2.0),
                    new Inventory(ResourceClass.MEMORY_MB, 524_288, 16_384, 1.0),
                    new Inventory(ResourceClass.DISK_GB, 7_680, 200, 1.0),
                    new Inventory("GPU_A100", 4, 0, 1.0)), null);
        }
    }

    private static List<Image> seedImages(BerthCore core) {
        ConnectMethod ssh = new ConnectMethod("ssh", "ssh", 22);
        ConnectMethod rdp = new ConnectMethod("desktop", "rdp", 3389);
        return List.of(
                core.images().create(new Image(0, "ubuntu-24.04-desktop", "Ubuntu 24.04 LTS with a desktop and course tools",
                        "Ubuntu 24.04", SimulatedResourceManager.TYPE, Resources.of(2, 4096, 40), 40, Duration.ofHours(8),
                        List.of(rdp, ssh), List.of())),
                core.images().create(new Image(0, "windows-11-cad", "Windows 11 with CAD software", "Windows 11",
                        SimulatedResourceManager.TYPE, Resources.of(4, 16_384, 80), 10, Duration.ofHours(4), List.of(rdp), List.of())),
                core.images().create(new Image(0, "rocky-9-hpc", "Rocky Linux 9 with MPI and compilers", "Rocky Linux 9",
                        SimulatedResourceManager.TYPE, Resources.of(8, 32_768, 100), 8, Duration.ofHours(24), List.of(ssh), List.of())),
                core.images().create(new Image(0, "cuda-ml", "Ubuntu 24.04 with CUDA 12 and PyTorch, one A100", "Ubuntu 24.04",
                        SimulatedResourceManager.TYPE, new Resources(Map.of(ResourceClass.VCPU, 8L, ResourceClass.MEMORY_MB, 65_536L,
                        ResourceClass.DISK_GB, 200L, "GPU_A100", 1L)), 8, Duration.ofHours(12), List.of(ssh), List.of())));
    }

    private static String password() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }

    private static void write(Path file, Credentials c) {
        Properties p = new Properties();
        p.setProperty("admin.login", c.adminLogin());
        p.setProperty("admin.password", c.adminPassword());
        p.setProperty("user.login", c.userLogin());
        p.setProperty("user.password", c.userPassword());
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "Berth demo accounts (generated at first start; change the passwords for anything real)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Credentials read(Path file) {
        if (!Files.exists(file)) return null;
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        return new Credentials(p.getProperty("admin.login"), p.getProperty("admin.password"),
                p.getProperty("user.login"), p.getProperty("user.password"));
    }
}
