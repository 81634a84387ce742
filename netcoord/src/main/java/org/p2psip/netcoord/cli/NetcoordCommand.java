package org.p2psip.netcoord.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.p2psip.netcoord.Evaluation;
import org.p2psip.netcoord.RttMatrix;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar netcoord.jar evaluate --matrix FILE ...}: network-coordinate accuracy. */
@Command(
    name = "netcoord",
    mixinStandardHelpOptions = true,
    subcommands = {NetcoordCommand.Evaluate.class})
public final class NetcoordCommand {

  public static void main(String[] args) {
    System.exit(new CommandLine(new NetcoordCommand()).execute(args));
  }

  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description =
          "Embed random landmarks of an RTT matrix and measure how well coordinates"
              + " pick the closest focus, next to plain GNP on the same landmarks.")
  static final class Evaluate implements Callable<Integer> {
    @Option(names = "--matrix", required = true)
    Path matrix;

    @Option(names = "--landmarks", defaultValue = "15")
    int landmarks;

    @Option(names = "--dimensions", defaultValue = "7")
    int dimensions;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(
        names = "--joins",
        defaultValue = "5000",
        description = "joins per K (default ${DEFAULT-VALUE})")
    int joins;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
      RttMatrix rtt = RttMatrix.read(matrix);
      Evaluation.Result ours =
          Evaluation.run(rtt, landmarks, dimensions, seed, joins, Evaluation.OURS);
      Evaluation.Result baseline =
          Evaluation.run(rtt, landmarks, dimensions, seed, joins, Evaluation.PLAIN_GNP);
      if (json) {
        System.out.println(
            "{"
                + fields(ours)
                + ",\"landmarks\":"
                + landmarks
                + ",\"dimensions\":"
                + dimensions
                + ",\"seed\":"
                + seed
                + ",\"joinsPerK\":"
                + joins
                + ",\"baseline\":{"
                + fields(baseline)
                + "}}");
      } else {
        System.out.println(ours);
        System.out.println(baseline);
      }
      return 0;
    }

    private static String fields(Evaluation.Result r) {
      return String.format(
          Locale.ROOT,
          "\"method\":\"%s\",\"medianRelativeError\":%.4f,\"p90RelativeError\":%.4f,"
              + "\"closestK5\":%.4f,\"closestK10\":%.4f,\"closestK20\":%.4f,"
              + "\"closestK5Probe3\":%.4f,\"closestK10Probe3\":%.4f,\"closestK20Probe3\":%.4f,"
              + "\"meanExtraRttMsK10\":%.3f",
          r.method(),
          r.medianRelativeError(),
          r.p90RelativeError(),
          r.closestK5(),
          r.closestK10(),
          r.closestK20(),
          r.closestK5Probe3(),
          r.closestK10Probe3(),
          r.closestK20Probe3(),
          r.meanExtraRttMsK10());
    }
  }
}
