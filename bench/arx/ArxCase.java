// Runs one ARX anonymization case on Adult with ARX's JUnit harness setup (AbstractAnonymizationTest:
// every attribute with a hierarchy file is a QI except the sensitive one), WARMUPS untimed then REPS
// timed runs, and prints one JSON line per timed run: {"encodeMs":…,"ms":…,"levels":[…],"loss":"…"}.
// The CSV and hierarchy files are read into memory once, before any run (custodia's bench gets its
// rows and hierarchies in memory too). Each run then times two regions:
//   encodeMs: Data.create(rows) + attribute types + data.getHandle(), where ARX dictionary-encodes the
//             strings (DataHandleInput's constructor); the JUnit harness does this once, outside its timer;
//   ms:       anonymizer.anonymize(data, cfg): the DataManager (generalized and analyzed matrices,
//             hierarchies on the dictionary), the metric's initialization and the search.
// custodia's anonymize(rows) does both (encodes the strings, then searches), so the like-for-like ARX
// time is encodeMs + ms. cpuMs: this thread's CPU time over both regions (ThreadMXBean; the JIT's and GC's
// own threads are not in it), for comparisons on a loaded machine. Compiled and started by bench/kanon-arx.bench.mjs against ARX built by
// ../shared/tools/arx/build.sh.
// Usage: java ArxCase DATA_DIR WARMUPS REPS key=value… (k, supp, metric, sensitive, ldiv, tclose)
import org.deidentifier.arx.*;
import org.deidentifier.arx.criteria.*;
import org.deidentifier.arx.metric.Metric;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.util.*;

public class ArxCase {
    public static void main(String[] a) throws Exception {
        File dir = new File(a[0]);
        int warmups = Integer.parseInt(a[1]);
        int reps = Integer.parseInt(a[2]);
        Map<String, String> o = new HashMap<>();
        for (int i = 3; i < a.length; i++) o.put(a[i].substring(0, a[i].indexOf('=')), a[i].substring(a[i].indexOf('=') + 1));
        String sensitive = o.getOrDefault("sensitive", "");
        ARXConfiguration cfg = ARXConfiguration.create();
        if (o.containsKey("k")) cfg.addPrivacyModel(new KAnonymity(Integer.parseInt(o.get("k"))));
        if (o.containsKey("ldiv")) { // entropy:l | distinct:l
            String[] p = o.get("ldiv").split(":");
            int l = Integer.parseInt(p[1]);
            cfg.addPrivacyModel(p[0].equals("entropy") ? new EntropyLDiversity(sensitive, l) : new DistinctLDiversity(sensitive, l));
        }
        if (o.containsKey("tclose")) { // equal:t | hierarchical:t
            String[] p = o.get("tclose").split(":");
            double t = Double.parseDouble(p[1]);
            cfg.addPrivacyModel(p[0].equals("equal") ? new EqualDistanceTCloseness(sensitive, t)
                : new HierarchicalDistanceTCloseness(sensitive, t, AttributeType.Hierarchy.create(new File(dir, "adult_hierarchy_" + sensitive + ".csv"), StandardCharsets.UTF_8, ';')));
        }
        cfg.setSuppressionLimit(Double.parseDouble(o.getOrDefault("supp", "0")));
        Metric<?> m;
        switch (o.get("metric")) {
            case "entropy": m = Metric.createPrecomputedEntropyMetric(0.1, true); break;
            case "entropy-nm": m = Metric.createPrecomputedEntropyMetric(0.1, false); break;
            case "dm-star": m = Metric.createDiscernabilityMetric(true); break;
            case "dm": m = Metric.createDiscernabilityMetric(false); break;
            case "loss": m = Metric.createLossMetric(); break;
            default: throw new IllegalArgumentException("metric");
        }
        cfg.setQualityModel(m);
        cfg.setPracticalMonotonicity(false); // ARX's exact search, the one custodia's answers are compared with

        // In memory once: the table (header first) and every hierarchy, as custodia's bench holds them.
        List<String[]> table = new ArrayList<>();
        for (String l : Files.readAllLines(new File(dir, "adult.csv").toPath(), StandardCharsets.UTF_8)) if (!l.isEmpty()) table.add(l.split(";", -1));
        boolean sensitiveModel = o.containsKey("ldiv") || o.containsKey("tclose");
        Map<String, String[][]> hierarchies = new TreeMap<>();
        for (File f : Objects.requireNonNull(dir.listFiles())) {
            String n = f.getName();
            if (!n.startsWith("adult_hierarchy_") || !n.endsWith(".csv")) continue;
            List<String[]> h = new ArrayList<>();
            for (String l : Files.readAllLines(f.toPath(), StandardCharsets.UTF_8)) if (!l.isEmpty()) h.add(l.split(";", -1));
            hierarchies.put(n.substring("adult_hierarchy_".length(), n.length() - 4), h.toArray(new String[0][]));
        }
        ARXAnonymizer anonymizer = new ARXAnonymizer();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < warmups + reps; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Data data = Data.create(table);
            for (Map.Entry<String, String[][]> e : hierarchies.entrySet()) {
                if (!e.getKey().equals(sensitive)) data.getDefinition().setAttributeType(e.getKey(), AttributeType.Hierarchy.create(e.getValue()));
                else if (sensitiveModel) data.getDefinition().setAttributeType(e.getKey(), AttributeType.SENSITIVE_ATTRIBUTE);
            }
            data.getHandle();
            long t1 = System.nanoTime();
            ARXResult res = anonymizer.anonymize(data, cfg);
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            if (r < warmups) continue;
            ARXLattice.ARXNode opt = res.getGlobalOptimum();
            String levels = opt == null ? "null" : Arrays.toString(opt.getTransformation());
            String loss = opt == null ? "" : opt.getHighestScore().toString();
            System.out.printf(Locale.ROOT, "{\"encodeMs\":%.3f,\"ms\":%.3f,\"cpuMs\":%.3f,\"levels\":%s,\"loss\":\"%s\"}%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (c2 - c0) / 1e6, levels, loss);
        }
    }
}
