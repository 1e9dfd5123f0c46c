package io.featurizer.cli;

import io.featurizer.core.config.ConfigException;
import io.featurizer.core.feature.ParamException;
import io.featurizer.offline.compute.MissingDataException;
import io.featurizer.storage.ingest.IngestException;
import io.featurizer.storage.journal.JournalLockedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.stream.Collectors;

/** The {@code featurizer} command. User errors exit 2 with one clear message and no stack trace. */
@Command(name = "featurizer", mixinStandardHelpOptions = true, version = "featurizer 0.1.0",
        description = "Compute market-data features once, run them live, on history and on a cluster.",
        subcommands = {DemoCommand.class, RunCommand.class, LiveCommand.class, ServeCommand.class, SimulateCommand.class, RecordCommand.class, ReplayCommand.class, ComputeCommand.class, PlotCommand.class, FlinkCommand.class, IngestCommand.class, CatalogCommand.class, SqlCommand.class, ValidateCommand.class, DefinitionsCommand.class, MicroPriceCommand.class, ModelCommand.class, CommandLine.HelpCommand.class})
public final class FeaturizerCli {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 user error). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new FeaturizerCli());
        cli.setParameterExceptionHandler((ex, commandLine) -> {
            // picocli would print the whole usage after the message: one line, and where to look instead
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + oneLine(ex.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String userError = userError(ex);
            if (userError != null) {
                commandLine.getErr().println("error: " + userError);
                return 2;
            }
            commandLine.getErr().println("error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * The one place that tells a user's mistake from a failure: the message of the first exception in the
     * cause chain whose type means "what you asked for is wrong" (bad option, config, file, busy store,
     * missing data), on one line; null for anything else.
     */
    static String userError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UserError || t instanceof ConfigException || t instanceof ParamException || t instanceof IngestException
                    || t instanceof JournalLockedException || t instanceof MissingDataException) {
                return oneLine(t.getMessage());
            }
        }
        return null;
    }

    /** A message on one line, without Java exception class names a user has no use for. */
    static String oneLine(String message) {
        String s = message == null ? "" : message;
        s = s.replaceAll("(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ", "");
        return s.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining(" "));
    }

    /** Why a file operation failed, in words: "no such file or folder", "permission denied", else the system's reason. */
    static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return oneLine(e.getMessage());
    }

    /** A mistake in what the user asked for: reported as one line, exit code 2. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
