#pragma once
// What an import did, or would do in a dry run, said per row and counted per
// pupil and per handover, so that a person reads what will happen before
// confirming ("4 pupils created; 5 handovers created"), not one number that
// mixes pupils and laptops.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/imports/import_rows.hpp"

namespace clicfleet::server {

enum class RecordChange { created, updated, unchanged };

const char* change_name(RecordChange change);

/// What one row of the file does.
struct ImportChange {
    std::string pupil_ref;  ///< as the pupil is stored (or will be)
    /// What happens to the pupil; none when a handovers row only names a
    /// recorded pupil without describing them.
    std::optional<RecordChange> pupil;
    /// Handovers file: what happens to its handover (created or unchanged),
    /// and which it is.
    std::optional<RecordChange> handover;
    std::string serial;
    std::string handed_on;  ///< YYYY-MM-DD
    std::string kind;
};

struct ImportCounts {
    std::size_t created = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
};

struct ImportOutcome {
    std::size_t rows = 0;                         ///< rows in the file
    std::map<std::size_t, ImportChange> changes;  ///< by line of the file
    /// Handovers file: the applications of its pupils whose decision it moved
    /// (one received before the handover was known, say).
    std::size_t applications_redecided = 0;
    std::vector<ImportProblem> problems;  ///< when not empty, nothing was written
};

/// Each pupil the file describes counted once, as its most telling row says
/// (created, else updated, else unchanged); references compared case aside.
ImportCounts pupil_counts(const ImportOutcome& outcome);
/// The handovers of a handovers file: created or already recorded.
ImportCounts handover_counts(const ImportOutcome& outcome);

}  // namespace clicfleet::server
