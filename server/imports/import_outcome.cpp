#include "server/imports/import_outcome.hpp"

#include "common/util/text.hpp"

namespace clicfleet::server {

const char* change_name(RecordChange change) {
    switch (change) {
        case RecordChange::created:
            return "created";
        case RecordChange::updated:
            return "updated";
        case RecordChange::unchanged:
            break;
    }
    return "unchanged";
}

namespace {

void add(ImportCounts& counts, RecordChange change) {
    switch (change) {
        case RecordChange::created:
            ++counts.created;
            break;
        case RecordChange::updated:
            ++counts.updated;
            break;
        case RecordChange::unchanged:
            ++counts.unchanged;
            break;
    }
}

}  // namespace

ImportCounts pupil_counts(const ImportOutcome& outcome) {
    // created < updated < unchanged in the enum: the smallest is the most telling.
    std::map<std::string, RecordChange> by_pupil;
    for (const auto& [line, change] : outcome.changes) {
        if (!change.pupil) continue;
        const auto [it, added] =
            by_pupil.emplace(common::ascii_upper(change.pupil_ref), *change.pupil);
        if (!added && *change.pupil < it->second) it->second = *change.pupil;
    }
    ImportCounts counts;
    for (const auto& [ref, change] : by_pupil)
        add(counts, change);
    return counts;
}

ImportCounts handover_counts(const ImportOutcome& outcome) {
    ImportCounts counts;
    for (const auto& [line, change] : outcome.changes) {
        if (change.handover) add(counts, *change.handover);
    }
    return counts;
}

}  // namespace clicfleet::server
