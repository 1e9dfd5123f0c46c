package io.featurizer.storage.journal;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A journal is held by another recorder: only one may write a journal (and so a store) at a time.
 * Names the journal and, when the holder wrote it into {@code journal.lock}, the holder's process id.
 */
public final class JournalLockedException extends IllegalStateException {
    private final Path dir;
    private final OptionalLong holderPid;

    public JournalLockedException(Path dir, OptionalLong holderPid, boolean sameProcess) {
        super("journal " + dir + " is in use by " + (sameProcess ? "another recorder in this process"
                : "another recorder" + (holderPid.isPresent() ? " (pid " + holderPid.getAsLong() + ")" : ""))
                + ": one recorder per store; stop it first or record into another storage folder");
        this.dir = dir;
        this.holderPid = holderPid;
    }

    /** The journal folder. */
    public Path dir() {
        return dir;
    }

    /** The process id of the recorder holding it, when known. */
    public OptionalLong holderPid() {
        return holderPid;
    }
}
