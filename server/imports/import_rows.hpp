#pragma once
// The rows of a pupils or handovers import (SPEC §6 "Imports", §12 CSV
// columns), checked: English or French column names, every bad row listed
// with its line, column and reason, so the whole file can be rejected at once.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/civil_date.hpp"
#include "common/util/result.hpp"

namespace clicfleet::server {

/// One bad value or row. `column` is the canonical English column name
/// ("handover_date"), or "" when the whole row is wrong (its field count).
/// Line 0 and column "" stand for the file as a whole.
struct ImportProblem {
    std::size_t line = 0;
    std::string column;
    std::string reason;

    bool operator==(const ImportProblem&) const = default;
};

struct PupilRow {
    std::size_t line = 0;
    std::string pupil_ref, last_name, first_name;
    std::optional<std::string> school, class_name;

    bool operator==(const PupilRow&) const = default;
};

struct HandoverRow {
    std::size_t line = 0;
    std::string serial;  ///< upper case, without spaces
    std::string pupil_ref;
    std::optional<std::string> last_name, first_name, school, class_name;
    common::CivilDate handed_on;
    std::string kind;  ///< "initial" or "replacement"

    bool operator==(const HandoverRow&) const = default;
};

/// The good rows and every problem. Only rows without a problem are in `rows`;
/// an import with any problem must be rejected as a whole.
template <class Row>
struct ParsedImport {
    std::vector<Row> rows;
    std::vector<ImportProblem> problems;
    /// The header's columns an import does not know, ignored ("date_naissance").
    std::vector<std::string> ignored_columns;
};

/// Header names are matched case-insensitively, ignoring accents, '°' and the separators ' ', '_',
/// '-', '.', "'" (so "N° de série", "Numéro de série", "numero_serie", "SERIAL" all work). Columns,
/// with their usual French spellings:
///   pupils:    pupil_ref (ref_eleve, référence élève, identifiant élève), last_name (nom),
///              first_name (prenom), school (ecole, établissement), class (classe)
///   handovers: serial (numero_serie, N° de série), pupil_ref, last_name, first_name, school,
///              class, handover_date (date_remise, date de remise), kind (type, type de remise)
/// Required: pupils — pupil_ref, last_name, first_name; handovers — serial, pupil_ref,
/// handover_date. A column the import does not know ("date_naissance") is ignored and named in
/// `ignored_columns`, as is a column without a name (an empty trailing one, say), silently; a row
/// may leave those columns out at its end. A missing required column, or a column given twice,
/// is a file-level error (Errc::invalid, field "file"), as is any error of read_csv. Everything
/// else is a row problem, all of them collected: an empty required value; a value too long (serial
/// 64, pupil_ref 32, names/school/class 100 bytes); control characters; a date that is not
/// YYYY-MM-DD or DD/MM/YYYY or not a real day; a handover date after `today`; a kind other than
/// initial or replacement (initiale, remplacement; empty = initial; any case); a row with more or
/// fewer fields than the header; the same key twice (pupils: pupil_ref; handovers: serial,
/// pupil_ref and date), reported on the later line as "same as line N"; in a handovers file, one
/// pupil_ref with different names, school or class on two rows, reported on the later line and
/// column. Serials are trimmed, upper-cased and lose inner spaces; empty optional values are
/// absent.
common::Result<ParsedImport<PupilRow>> parse_pupils_csv(std::string_view bytes);
common::Result<ParsedImport<HandoverRow>> parse_handovers_csv(std::string_view bytes,
                                                              common::CivilDate today);

}  // namespace clicfleet::server
