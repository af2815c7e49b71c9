// Checking import rows: the header mapped to canonical columns (English or
// French, any case, with or without accents), then every value of every row,
// collecting all problems rather than stopping at the first.

#include "server/imports/import_rows.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <span>

#include "common/util/text.hpp"
#include "server/imports/csv_reader.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

using common::CivilDate;
using common::Errc;
using common::make_error;
using common::Result;

namespace {

// ---------------------------------------------------------------------------
// Columns and the header

enum class Column {
    serial,
    pupil_ref,
    last_name,
    first_name,
    school,
    class_name,
    handover_date,
    kind
};
constexpr std::size_t kColumnCount = 8;

struct ColumnSpec {
    std::string_view name;    ///< canonical, as problems name it
    std::string_view french;  ///< the French alias, for messages
    /// Header names accepted, as header_key() makes them; "" for none.
    std::array<std::string_view, 6> keys;
};

/// Indexed by Column.
constexpr std::array<ColumnSpec, kColumnCount> kColumns = {{
    {"serial",
     "numero_serie",
     {"serial", "serialnumber", "numeroserie", "numerodeserie", "ndeserie", "nserie"}},
    {"pupil_ref",
     "ref_eleve",
     {"pupilref", "refeleve", "referenceeleve", "identifianteleve", "ideleve", ""}},
    {"last_name", "nom", {"lastname", "nom", "nomdeleleve", "", "", ""}},
    {"first_name", "prenom", {"firstname", "prenom", "prenomdeleleve", "", "", ""}},
    {"school", "ecole", {"school", "ecole", "etablissement", "", "", ""}},
    {"class", "classe", {"class", "classe", "", "", "", ""}},
    {"handover_date",
     "date_remise",
     {"handoverdate", "dateremise", "datederemise", "remisele", "", ""}},
    {"kind", "type", {"kind", "type", "typederemise", "", "", ""}},
}};

const ColumnSpec& spec(Column column) {
    return kColumns[static_cast<std::size_t>(column)];
}

/// The columns one kind of import has, and those it cannot do without.
struct FileColumns {
    std::span<const Column> allowed;
    std::span<const Column> required;
};

constexpr Column kPupilColumns[] = {Column::pupil_ref, Column::last_name, Column::first_name,
                                    Column::school, Column::class_name};
constexpr Column kPupilRequired[] = {Column::pupil_ref, Column::last_name, Column::first_name};
constexpr Column kHandoverColumns[] = {Column::serial,        Column::pupil_ref, Column::last_name,
                                       Column::first_name,    Column::school,    Column::class_name,
                                       Column::handover_date, Column::kind};
constexpr Column kHandoverRequired[] = {Column::serial, Column::pupil_ref, Column::handover_date};

constexpr FileColumns kPupilFile{kPupilColumns, kPupilRequired};
constexpr FileColumns kHandoverFile{kHandoverColumns, kHandoverRequired};

/// A header name for matching: lower case, without accents or separators
/// ("Numéro de série" → "numerodeserie").
std::string header_key(std::string_view name) {
    // Latin-1 letters U+00C0 to U+00FF by their low five bits, capitals and
    // small letters alike; '*' keeps the character as it is.
    constexpr std::string_view kFolded = "aaaaaa*ceeeeiiii*nooooo*ouuuuy**";
    std::string key;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\'') continue;
        // '°' and 'º' of "N° de série" (U+00B0, U+00BA).
        if (c == '\xC2' && i + 1 < name.size() &&
            (name[i + 1] == '\xB0' || name[i + 1] == '\xBA')) {
            ++i;
            continue;
        }
        if (c >= 'A' && c <= 'Z') {
            key += static_cast<char>(c - 'A' + 'a');
        } else if (c == '\xC3' && i + 1 < name.size() &&
                   kFolded[static_cast<unsigned char>(name[i + 1]) & 0x1F] != '*') {
            key += kFolded[static_cast<unsigned char>(name[++i]) & 0x1F];
        } else {
            key += c;
        }
    }
    return key;
}

std::optional<Column> column_named(std::string_view name, const FileColumns& file) {
    const std::string key = header_key(name);
    for (const Column column : file.allowed) {
        const auto& keys = spec(column).keys;
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) return column;
    }
    return std::nullopt;
}

/// "expected columns: serial (numero_serie), ...; required: serial, ...".
std::string expected_columns(const FileColumns& file) {
    std::string text = "expected columns (English or French): ";
    for (const Column column : file.allowed) {
        if (column != file.allowed.front()) text += ", ";
        text += std::string(spec(column).name) + " (" + std::string(spec(column).french) + ")";
    }
    text += "; required: ";
    for (const Column column : file.required) {
        if (column != file.required.front()) text += ", ";
        text += spec(column).name;
    }
    return text;
}

/// Where each column is in a row: its field index, if the file has it.
using Layout = std::array<std::optional<std::size_t>, kColumnCount>;

/// The header mapped: each known column's index, the names of those ignored,
/// and how many fields a row needs (up to the last known column).
struct Header {
    Layout layout;
    std::vector<std::string> ignored;
    std::size_t fields_needed = 0;
};

Result<Header> map_header(const std::vector<std::string>& header, const FileColumns& file) {
    const auto header_error = [&file](const std::string& what) {
        return make_error(Errc::invalid, what + "; " + expected_columns(file), "file");
    };
    Header mapped;
    Layout& layout = mapped.layout;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i].empty()) continue;  // a column without a name: a spreadsheet's leftover
        const auto column = column_named(header[i], file);
        if (!column) {
            mapped.ignored.push_back(header[i]);
            continue;
        }
        mapped.fields_needed = i + 1;
        auto& index = layout[static_cast<std::size_t>(*column)];
        if (index) {
            return header_error("column " + std::string(spec(*column).name) +
                                " is given twice (\"" + header[*index] + "\" and \"" + header[i] +
                                "\")");
        }
        index = i;
    }
    for (const Column column : file.required) {
        if (!layout[static_cast<std::size_t>(column)]) {
            return header_error("required column " + std::string(spec(column).name) + " (" +
                                std::string(spec(column).french) + ") is missing");
        }
    }
    return mapped;
}

// ---------------------------------------------------------------------------
// Values

/// "dddd-dd-dd" or "dd/dd/dddd": a date in a known form, even if not a real day.
bool shaped_like_date(std::string_view text) {
    const auto shaped = [text](std::string_view pattern) {
        if (text.size() != pattern.size()) return false;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const bool ok =
                pattern[i] == 'd' ? (text[i] >= '0' && text[i] <= '9') : text[i] == pattern[i];
            if (!ok) return false;
        }
        return true;
    };
    return shaped("dddd-dd-dd") || shaped("dd/dd/dddd");
}

/// The fields of one row, checked one column at a time; each bad value adds
/// a problem naming the row's line and the column.
class RowChecker {
  public:
    RowChecker(const CsvRow& row, const Layout& layout, std::vector<ImportProblem>& problems)
        : row_(row), layout_(layout), problems_(problems), problems_before_(problems.size()) {}

    /// Whether no problem was found in this row so far.
    bool ok() const { return problems_.size() == problems_before_; }
    std::size_t line() const { return row_.line; }

    void problem(Column column, std::string reason) {
        problems_.push_back(
            ImportProblem{row_.line, std::string(spec(column).name), std::move(reason)});
    }

    /// The value, after `normalise` if given; nothing when the column is absent,
    /// the value empty (a problem if `required`) or bad.
    std::optional<std::string> text(Column column, std::size_t max_bytes, bool required,
                                    std::string (*normalise)(std::string_view) = nullptr) {
        const auto& index = layout_[static_cast<std::size_t>(column)];
        if (!index) return std::nullopt;
        const std::string& raw = row_.fields[*index];
        if (common::has_control_character(raw)) {
            problem(column, "contains a control character (a line break, a tab...)");
            return std::nullopt;
        }
        std::string value = normalise ? normalise(raw) : raw;
        if (value.empty()) {
            if (required) problem(column, "required, but empty");
            return std::nullopt;
        }
        if (value.size() > max_bytes) {
            problem(column, "longer than " + std::to_string(max_bytes) + " bytes");
            return std::nullopt;
        }
        return value;
    }

    /// A handover date: a real day, in a known form, not after `today`.
    std::optional<CivilDate> date(Column column, CivilDate today) {
        const auto value = text(column, 32, true);
        if (!value) return std::nullopt;
        const auto day = CivilDate::parse(*value);
        if (!day) {
            problem(column,
                    shaped_like_date(*value)
                        ? "\"" + *value + "\" is not a real day"
                        : "\"" + *value + "\" is not a date: write YYYY-MM-DD or DD/MM/YYYY");
            return std::nullopt;
        }
        if (*day > today) {
            problem(column, day->iso() + " is in the future (today is " + today.iso() + ")");
            return std::nullopt;
        }
        return day;
    }

    /// "initial" (also "initiale", or empty or absent) or "replacement" ("remplacement").
    std::optional<std::string> kind(Column column) {
        const std::size_t problems_before = problems_.size();
        const auto value = text(column, 32, false);
        if (problems_.size() != problems_before) return std::nullopt;
        if (!value) return "initial";
        const std::string lower = common::ascii_lower(*value);
        if (lower == "initial" || lower == "initiale") return "initial";
        if (lower == "replacement" || lower == "remplacement") return "replacement";
        problem(column,
                "\"" + *value +
                    "\" is not a kind: write initial or replacement (initiale, remplacement)");
        return std::nullopt;
    }

  private:
    const CsvRow& row_;
    const Layout& layout_;
    std::vector<ImportProblem>& problems_;
    std::size_t problems_before_;
};

/// Whether the row has every field the header's known columns need, and
/// nothing beyond the header but empty fields; a problem for the whole row if not.
bool has_all_fields(const CsvRow& row, std::size_t header_size, std::size_t fields_needed,
                    std::vector<ImportProblem>& problems) {
    const bool extra_empty = std::all_of(
        row.fields.begin() + static_cast<std::ptrdiff_t>(std::min(header_size, row.fields.size())),
        row.fields.end(), [](const std::string& f) { return f.empty(); });
    if (row.fields.size() >= fields_needed && extra_empty) return true;
    problems.push_back(ImportProblem{row.line, "",
                                     "has " + std::to_string(row.fields.size()) +
                                         " fields, the header has " + std::to_string(header_size)});
    return false;
}

/// The first line each key was seen on; a problem on a later line with the same key.
class FirstLines {
  public:
    void check(const std::string& key, RowChecker& row, Column column) {
        const auto [it, inserted] = lines_.emplace(key, row.line());
        if (!inserted) row.problem(column, "same as line " + std::to_string(it->second));
    }

  private:
    std::map<std::string, std::size_t> lines_;
};

/// What a handovers file says about one pupil: each of the last name, first
/// name, school and class, with the line that first gave it.
class PupilDetails {
  public:
    static constexpr std::array<Column, 4> kDetailColumns = {Column::last_name, Column::first_name,
                                                             Column::school, Column::class_name};

    /// Remembers the values, or adds a problem for each that differs from an earlier row.
    void check(const std::string& pupil_ref,
               const std::array<std::optional<std::string>, 4>& values, RowChecker& row) {
        auto& seen = seen_[pupil_ref];
        for (std::size_t i = 0; i < kDetailColumns.size(); ++i) {
            if (!values[i]) continue;
            if (!seen[i]) {
                seen[i] = Given{*values[i], row.line()};
            } else if (seen[i]->value != *values[i]) {
                row.problem(kDetailColumns[i], "pupil_ref " + pupil_ref + " has " +
                                                   std::string(spec(kDetailColumns[i]).name) +
                                                   " \"" + seen[i]->value + "\" on line " +
                                                   std::to_string(seen[i]->line));
            }
        }
    }

  private:
    struct Given {
        std::string value;
        std::size_t line = 0;
    };
    std::map<std::string, std::array<std::optional<Given>, 4>> seen_;
};

/// The table and its header, or the file-level error.
struct CheckedFile {
    CsvTable table;
    Header header;

    bool has_all_fields(const CsvRow& row, std::vector<ImportProblem>& problems) const {
        return server::has_all_fields(row, table.header.size(), header.fields_needed, problems);
    }
};

Result<CheckedFile> read_import(std::string_view bytes, const FileColumns& file) {
    auto table = read_csv(bytes);
    if (!table) return table.error();
    auto header = map_header(table->header, file);
    if (!header) return header.error();
    return CheckedFile{std::move(table).value(), std::move(header).value()};
}

}  // namespace

Result<ParsedImport<PupilRow>> parse_pupils_csv(std::string_view bytes) {
    auto file = read_import(bytes, kPupilFile);
    if (!file) return file.error();
    ParsedImport<PupilRow> parsed;
    parsed.ignored_columns = file->header.ignored;
    FirstLines first_lines;
    for (const CsvRow& row : file->table.rows) {
        if (!file->has_all_fields(row, parsed.problems)) continue;
        RowChecker check(row, file->header.layout, parsed.problems);
        auto pupil_ref = check.text(Column::pupil_ref, 32, true);
        auto last_name = check.text(Column::last_name, 100, true);
        auto first_name = check.text(Column::first_name, 100, true);
        auto school = check.text(Column::school, 100, false);
        auto class_name = check.text(Column::class_name, 100, false);
        if (pupil_ref) first_lines.check(*pupil_ref, check, Column::pupil_ref);
        if (!check.ok() || !pupil_ref || !last_name || !first_name) continue;
        parsed.rows.push_back(PupilRow{row.line, std::move(*pupil_ref), std::move(*last_name),
                                       std::move(*first_name), std::move(school),
                                       std::move(class_name)});
    }
    return parsed;
}

Result<ParsedImport<HandoverRow>> parse_handovers_csv(std::string_view bytes, CivilDate today) {
    auto file = read_import(bytes, kHandoverFile);
    if (!file) return file.error();
    ParsedImport<HandoverRow> parsed;
    parsed.ignored_columns = file->header.ignored;
    FirstLines first_lines;
    PupilDetails pupils;
    for (const CsvRow& row : file->table.rows) {
        if (!file->has_all_fields(row, parsed.problems)) continue;
        RowChecker check(row, file->header.layout, parsed.problems);
        auto serial = check.text(Column::serial, 64, true, normalise_serial);
        auto pupil_ref = check.text(Column::pupil_ref, 32, true);
        std::array<std::optional<std::string>, 4> details;
        for (std::size_t i = 0; i < details.size(); ++i)
            details[i] = check.text(PupilDetails::kDetailColumns[i], 100, false);
        const auto handed_on = check.date(Column::handover_date, today);
        auto kind = check.kind(Column::kind);
        if (serial && pupil_ref && handed_on) {
            first_lines.check(*serial + '\n' + *pupil_ref + '\n' + handed_on->iso(), check,
                              Column::serial);
        }
        if (pupil_ref) pupils.check(*pupil_ref, details, check);
        if (!check.ok() || !serial || !pupil_ref || !handed_on || !kind) continue;
        parsed.rows.push_back(HandoverRow{row.line, std::move(*serial), std::move(*pupil_ref),
                                          std::move(details[0]), std::move(details[1]),
                                          std::move(details[2]), std::move(details[3]), *handed_on,
                                          std::move(*kind)});
    }
    return parsed;
}

}  // namespace clicfleet::server
