// Checking pupils and handovers imports (SPEC §6 "Imports", §12 CSV columns,
// §10): English or French headers, file-level errors for the header, and every
// bad row listed with its line, column and reason; the same file always gives
// the same rows.

#include "server/imports/import_rows.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/util/files.hpp"

namespace clicfleet::server {
namespace {

using common::CivilDate;
using common::Errc;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::string_view kHandoversHeader =
    "serial,pupil_ref,last_name,first_name,school,class,handover_date,kind\n";
constexpr std::string_view kPupilsHeader = "pupil_ref,last_name,first_name,school,class\n";

CivilDate day(std::string_view iso) {
    return CivilDate::parse_iso(iso).value();
}

/// The "today" of every test: the fixtures' dates are before it, some bad ones after.
CivilDate today() {
    return day("2026-10-15");
}

std::string fixture(const std::string& name) {
    auto bytes =
        common::read_file(std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "imports" / name);
    if (!bytes) {
        ADD_FAILURE() << name << ": " << bytes.error().message;
        return {};
    }
    return std::move(bytes).value();
}

/// A handovers file that must pass the file-level checks.
ParsedImport<HandoverRow> handovers(std::string_view bytes) {
    auto parsed = parse_handovers_csv(bytes, today());
    if (!parsed) {
        ADD_FAILURE() << parsed.error().message;
        return {};
    }
    return std::move(parsed).value();
}

ParsedImport<PupilRow> pupils(std::string_view bytes) {
    auto parsed = parse_pupils_csv(bytes);
    if (!parsed) {
        ADD_FAILURE() << parsed.error().message;
        return {};
    }
    return std::move(parsed).value();
}

/// The file-level error of a file that must be rejected as a whole.
template <class Row>
common::Error file_error(const common::Result<ParsedImport<Row>>& parsed) {
    if (parsed) {
        ADD_FAILURE() << "accepted, with " << parsed->rows.size() << " rows";
        return {};
    }
    EXPECT_EQ(parsed.error().code, Errc::invalid);
    EXPECT_EQ(parsed.error().field, "file");
    return parsed.error();
}

/// Problems as "line 3, serial: reason", to compare whole lists at once.
std::vector<std::string> described(const std::vector<ImportProblem>& problems) {
    std::vector<std::string> lines;
    for (const auto& p : problems)
        lines.push_back("line " + std::to_string(p.line) + ", " + p.column + ": " + p.reason);
    return lines;
}

/// "line 3, serial" for each problem, without the reasons.
std::vector<std::string> where(const std::vector<ImportProblem>& problems) {
    std::vector<std::string> lines;
    for (const auto& p : problems)
        lines.push_back("line " + std::to_string(p.line) + ", " + p.column);
    return lines;
}

/// The problems of a handovers file made of the English header and `rows` (from line 2).
std::vector<ImportProblem> handover_problems(std::string_view rows) {
    return handovers(std::string(kHandoversHeader) + std::string(rows)).problems;
}

std::vector<ImportProblem> pupil_problems(std::string_view rows) {
    return pupils(std::string(kPupilsHeader) + std::string(rows)).problems;
}

// ---------------------------------------------------------------------------
// Fixtures

TEST(ImportRowsFixtures, FrenchWindows1252HandoversAreReadAsUtf8) {
    const auto parsed = handovers(fixture("handovers-fr-semicolon-1252.csv"));
    EXPECT_THAT(described(parsed.problems), IsEmpty());
    ASSERT_EQ(parsed.rows.size(), 4u);
    const HandoverRow& first = parsed.rows[0];
    EXPECT_EQ(first.line, 2u);
    EXPECT_EQ(first.serial, "PF3ABC01");  // "pf3 abc01" in the file
    EXPECT_EQ(first.pupil_ref, "E26-001");
    EXPECT_EQ(first.last_name, "Lef\xC3\xA8vre");
    EXPECT_EQ(first.first_name, "Ga\xC3\xABlle");
    EXPECT_EQ(first.school,
              "\xC3\x89"
              "cole Saint-Exup\xC3\xA9ry");
    EXPECT_EQ(first.class_name, "6e B");
    EXPECT_EQ(first.handed_on, day("2026-09-01"));
    EXPECT_EQ(first.kind, "initial");  // "initiale"
    EXPECT_EQ(parsed.rows[1].last_name, "Gar\xC3\xA7on");
    EXPECT_EQ(parsed.rows[1].first_name, "H\xC3\xA9l\xC3\xA8ne");
    EXPECT_EQ(parsed.rows[1].kind, "initial");  // empty
    EXPECT_EQ(parsed.rows[2].last_name,
              "Dell\xE2\x80\x99"
              "Acqua");
    EXPECT_EQ(parsed.rows[2].first_name, "Fran\xC3\xA7ois");
    EXPECT_EQ(parsed.rows[2].kind, "initial");  // "Initiale"
    EXPECT_EQ(parsed.rows[3].line, 5u);
    EXPECT_EQ(parsed.rows[3].handed_on, day("2026-10-05"));
    EXPECT_EQ(parsed.rows[3].kind, "replacement");  // "REMPLACEMENT"
}

TEST(ImportRowsFixtures, EnglishUtf8BomHandoversKeepQuotedCommasAndQuotes) {
    const auto parsed = handovers(fixture("handovers-en-bom.csv"));
    EXPECT_THAT(described(parsed.problems), IsEmpty());
    ASSERT_EQ(parsed.rows.size(), 3u);
    EXPECT_EQ(parsed.rows[0].school, "Coll\xC3\xA8ge \"Les Tilleuls\", annexe");
    EXPECT_EQ(parsed.rows[0].kind, "initial");
    EXPECT_EQ(parsed.rows[1].kind, "initial");
    EXPECT_EQ(parsed.rows[1].handed_on, day("2026-09-02"));
    EXPECT_EQ(parsed.rows[2].serial, "PF3XYZ12");
    EXPECT_EQ(parsed.rows[2].pupil_ref, "P-100");
    EXPECT_EQ(parsed.rows[2].kind, "replacement");
    EXPECT_EQ(parsed.rows[2].line, 4u);
}

TEST(ImportRowsFixtures, FrenchPupilsWithEmptyOptionalValuesAbsent) {
    const auto parsed = pupils(fixture("pupils-fr.csv"));
    EXPECT_THAT(described(parsed.problems), IsEmpty());
    ASSERT_EQ(parsed.rows.size(), 3u);
    EXPECT_EQ(parsed.rows[0], (PupilRow{2, "E26-001", "Lef\xC3\xA8vre", "Ga\xC3\xABlle",
                                        "\xC3\x89"
                                        "cole Saint-Exup\xC3\xA9ry",
                                        "6e B"}));
    EXPECT_EQ(parsed.rows[1].school,
              "\xC3\x89"
              "cole Saint-Exup\xC3\xA9ry");
    EXPECT_EQ(parsed.rows[1].class_name, std::nullopt);
    EXPECT_EQ(parsed.rows[2], (PupilRow{4, "E26-003",
                                        "Dell\xE2\x80\x99"
                                        "Acqua",
                                        "Fran\xC3\xA7ois", std::nullopt, std::nullopt}));
}

TEST(ImportRowsFixtures, EveryBadRowIsListedWithItsLineAndColumn) {
    const auto parsed = handovers(fixture("handovers-bad.csv"));
    EXPECT_THAT(
        described(parsed.problems),
        ElementsAre("line 3, serial: required, but empty",
                    "line 4, handover_date: \"31/02/2026\" is not a real day",
                    "line 4, kind: \"loan\" is not a kind: write initial or replacement (initiale, "
                    "remplacement)",
                    "line 5, : has 6 fields, the header has 8",
                    "line 6, handover_date: 2027-01-04 is in the future (today is 2026-10-15)",
                    "line 7, serial: same as line 2",
                    "line 8, last_name: pupil_ref B-001 has last_name \"Petit\" on line 2",
                    "line 8, school: pupil_ref B-001 has school \"\xC3\x89"
                    "cole A\" on line 2",
                    "line 9, first_name: contains a control character (a line break, a tab...)",
                    "line 11, pupil_ref: longer than 32 bytes"));
    ASSERT_EQ(parsed.rows.size(), 1u);  // only the good row
    EXPECT_EQ(parsed.rows[0].line, 2u);
}

TEST(ImportRowsFixtures, ParsingAFileTwiceGivesIdenticalRows) {
    for (const char* name : {"handovers-fr-semicolon-1252.csv", "handovers-en-bom.csv"}) {
        const std::string bytes = fixture(name);
        const auto once = handovers(bytes);
        const auto twice = handovers(bytes);
        EXPECT_FALSE(once.rows.empty()) << name;
        EXPECT_EQ(once.rows, twice.rows) << name;
    }
    const std::string bytes = fixture("pupils-fr.csv");
    EXPECT_EQ(pupils(bytes).rows, pupils(bytes).rows);
}

TEST(ImportRowsFixtures, TheSameHandoversInAnyEncodingAndFormGiveTheSameRows) {
    // The 1252 fixture's content, as UTF-8 with ',', English headers, ISO dates,
    // other spellings of the serials and kinds, and LF.
    const auto utf8 = handovers(std::string(kHandoversHeader) +
                                "PF3ABC01,E26-001,Lef\xC3\xA8vre,Ga\xC3\xABlle,\xC3\x89"
                                "cole Saint-Exup\xC3\xA9ry,6e "
                                "B,2026-09-01,initial\n"
                                "PF3 ABC02,E26-002,Gar\xC3\xA7on,H\xC3\xA9l\xC3\xA8ne,\xC3\x89"
                                "cole "
                                "Saint-Exup\xC3\xA9ry,6e B,2026-09-02,Initial\n"
                                "pf3abc03,E26-003,Dell\xE2\x80\x99"
                                "Acqua,Fran\xC3\xA7ois,Coll\xC3\xA8ge "
                                "Jean-Moulin,5e A,2026-09-03,\n"
                                " PF3ABC09 ,E26-001,Lef\xC3\xA8vre,Ga\xC3\xABlle,\xC3\x89"
                                "cole Saint-Exup\xC3\xA9ry,6e "
                                "B,2026-10-05,replacement\n");
    EXPECT_THAT(described(utf8.problems), IsEmpty());
    EXPECT_EQ(utf8.rows, handovers(fixture("handovers-fr-semicolon-1252.csv")).rows);
}

// ---------------------------------------------------------------------------
// Header

TEST(ImportRowsHeader, ColumnNamesIgnoreCaseAccentsAndSeparators) {
    for (const char* name :
         {"serial", "SERIAL", "Serial", "serial number", "Serial_Number", "numero_serie",
          "Num\xC3\xA9ro de s\xC3\xA9rie", "NUM\xC3\x89RO DE S\xC3\x89RIE",
          "num\xC3\xA9ro-s\xC3\xA9rie", "Numero.Serie"}) {
        const auto parsed =
            handovers(std::string(name) + ";pupil_ref;handover_date\nPF1;P1;2026-09-01\n");
        ASSERT_EQ(parsed.rows.size(), 1u) << name;
        EXPECT_EQ(parsed.rows[0].serial, "PF1") << name;
    }
}

TEST(ImportRowsHeader, FrenchHandoverColumnsInAnyOrder) {
    const auto parsed = handovers(
        "Type;Date_Remise;Classe;ECOLE;pr\xC3\xA9nom;nom;REF-ELEVE;numero serie\n"
        "remplacement;01/09/2026;6e A;\xC3\x89"
        "cole A;Lou;Petit;B-1;pf1\n");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(parsed.rows[0], (HandoverRow{2, "PF1", "B-1", "Petit", "Lou",
                                           "\xC3\x89"
                                           "cole A",
                                           "6e A", day("2026-09-01"), "replacement"}));
}

TEST(ImportRowsHeader, EnglishPupilColumnsWithSpaces) {
    const auto parsed = pupils("Pupil Ref,Last Name,First Name,School,Class\nP1,Petit,Lou,,\n");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(parsed.rows[0], (PupilRow{2, "P1", "Petit", "Lou", std::nullopt, std::nullopt}));
}

TEST(ImportRowsHeader, OnlyTheRequiredColumnsAreNeeded) {
    const auto parsed = handovers("serial,pupil_ref,handover_date\nPF1,P1,2026-09-01\n");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(parsed.rows[0], (HandoverRow{2, "PF1", "P1", std::nullopt, std::nullopt, std::nullopt,
                                           std::nullopt, day("2026-09-01"), "initial"}));
}

TEST(ImportRowsHeader, AnUnknownColumnIsIgnoredAndNamed) {
    const auto parsed = handovers(
        "serial,pupil_ref,date_naissance,handover_date,colour\nPF1,P1,2017-03-02,2026-09-01,red\n");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_TRUE(parsed.problems.empty());
    EXPECT_EQ(parsed.ignored_columns, (std::vector<std::string>{"date_naissance", "colour"}));
    EXPECT_EQ(parsed.rows[0].handed_on, day("2026-09-01"));
}

TEST(ImportRowsHeader, AHandoverColumnIsIgnoredInAPupilsFile) {
    const auto parsed = pupils("pupil_ref,nom,prenom,serial\nP1,Martin,Léa,PF1\n");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(parsed.ignored_columns, std::vector<std::string>{"serial"});
}

TEST(ImportRowsHeader, TheUsualFrenchSpellingsAreTaken) {
    const auto parsed = handovers(
        "N° de série;Référence élève;Nom de l'élève;Prénom;Établissement;Classe;Date de remise;"
        "Type de remise\nPF1;P1;Martin;Léa;École Jaurès;CE2 A;01/09/2026;initiale\n");
    ASSERT_TRUE(parsed.ignored_columns.empty()) << parsed.ignored_columns.front();
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(parsed.rows[0].serial, "PF1");
    EXPECT_EQ(parsed.rows[0].last_name, "Martin");
    EXPECT_EQ(parsed.rows[0].school, "École Jaurès");
    EXPECT_EQ(parsed.rows[0].kind, "initial");
    EXPECT_TRUE(handovers("Numéro de série;ref_eleve;date_remise\nPF1;P1;01/09/2026\n")
                    .ignored_columns.empty());
}

TEST(ImportRowsHeader, EmptyTrailingColumnsAreAccepted) {
    // A spreadsheet's export: a ';' too many at the end of each line, or of the header only.
    for (const char* file : {"serial;pupil_ref;handover_date;;\nPF1;P1;01/09/2026;;\n",
                             "serial;pupil_ref;handover_date;\nPF1;P1;01/09/2026\n",
                             "serial;pupil_ref;handover_date\nPF1;P1;01/09/2026;;\n"}) {
        const auto parsed = handovers(file);
        EXPECT_TRUE(parsed.problems.empty()) << file << ": " << parsed.problems.front().reason;
        EXPECT_EQ(parsed.rows.size(), 1u) << file;
        EXPECT_TRUE(parsed.ignored_columns.empty()) << file;
    }
    // A value beyond the header's named columns is still a wrong row.
    const auto extra = handovers("serial;pupil_ref;handover_date\nPF1;P1;01/09/2026;oops\n");
    ASSERT_EQ(extra.problems.size(), 1u);
    EXPECT_EQ(extra.problems[0].reason, "has 4 fields, the header has 3");
    // So is a row that stops before a named column.
    const auto short_row = handovers("serial;pupil_ref;handover_date;kind\nPF1;P1\n");
    ASSERT_EQ(short_row.problems.size(), 1u);
}

TEST(ImportRowsHeader, AMissingRequiredColumnIsNamed) {
    EXPECT_THAT(file_error(parse_handovers_csv("serial;pupil_ref;nom\n", today())).message,
                HasSubstr("required column handover_date (date_remise) is missing"));
    EXPECT_THAT(file_error(parse_handovers_csv("date_remise;pupil_ref\n", today())).message,
                HasSubstr("required column serial (numero_serie) is missing"));
    EXPECT_THAT(file_error(parse_pupils_csv("ref_eleve;nom;classe\n")).message,
                HasSubstr("required column first_name (prenom) is missing"));
}

TEST(ImportRowsHeader, AColumnGivenTwiceIsNamedWithBothSpellings) {
    const auto error =
        file_error(parse_pupils_csv("ref_eleve;nom;pr\xC3\xA9nom;Last Name\nP1;A;B;C\n"));
    EXPECT_THAT(error.message, HasSubstr("column last_name is given twice"));
    EXPECT_THAT(error.message, HasSubstr("\"nom\" and \"Last Name\""));
}

TEST(ImportRowsHeader, AColumnWithoutNameIsIgnored) {
    const auto parsed = handovers("serial;;pupil_ref;handover_date\nPF1;x;P1;01/09/2026\n");
    EXPECT_EQ(parsed.rows.size(), 1u);
    EXPECT_TRUE(parsed.ignored_columns.empty());
}

TEST(ImportRowsHeader, ReaderErrorsAreFileErrors) {
    EXPECT_THAT(file_error(parse_handovers_csv("\xFF\xFEs\0", today())).message,
                HasSubstr("UTF-16"));
    EXPECT_THAT(file_error(parse_pupils_csv("")).message, HasSubstr("empty"));
    EXPECT_THAT(file_error(parse_pupils_csv("ref_eleve;nom;prenom\n\"P1;A;B\n")).message,
                HasSubstr("line 2"));
}

TEST(ImportRowsHeader, AHeaderAloneImportsNothing) {
    const auto parsed = handovers(kHandoversHeader);
    EXPECT_TRUE(parsed.rows.empty());
    EXPECT_TRUE(parsed.problems.empty());
}

// ---------------------------------------------------------------------------
// Row problems

TEST(ImportRowsProblems, EmptyRequiredValuesInHandovers) {
    EXPECT_THAT(
        described(handover_problems(",  ,Petit,Lou,,,,\n")),
        ElementsAre("line 2, serial: required, but empty", "line 2, pupil_ref: required, but empty",
                    "line 2, handover_date: required, but empty"));
}

TEST(ImportRowsProblems, EmptyRequiredValuesInPupils) {
    EXPECT_THAT(where(pupil_problems("P1,Petit,Lou,,\n,,,\xC3\x89"
                                     "cole A,6e A\n")),
                ElementsAre("line 3, pupil_ref", "line 3, last_name", "line 3, first_name"));
}

TEST(ImportRowsProblems, ValuesLongerThanTheirLimits) {
    const std::string at_limit = std::string(64, 'S') + "," + std::string(32, 'P') + "," +
                                 std::string(100, 'L') + "," + std::string(100, 'F') + "," +
                                 std::string(100, 'E') + "," + std::string(100, 'C') +
                                 ",2026-09-01,\n";
    const std::string over = std::string(65, 'S') + "," + std::string(33, 'P') + "," +
                             std::string(101, 'L') + "," + std::string(101, 'F') + "," +
                             std::string(101, 'E') + "," + std::string(101, 'C') + ",2026-09-02,\n";
    const auto problems = handover_problems(at_limit + over);
    EXPECT_THAT(where(problems),
                ElementsAre("line 3, serial", "line 3, pupil_ref", "line 3, last_name",
                            "line 3, first_name", "line 3, school", "line 3, class"));
    EXPECT_EQ(problems.at(0).reason, "longer than 64 bytes");
    EXPECT_EQ(problems.at(1).reason, "longer than 32 bytes");
    EXPECT_EQ(problems.at(5).reason, "longer than 100 bytes");
}

TEST(ImportRowsProblems, ASerialIsMeasuredWithoutItsSpaces) {
    const std::string spaced = std::string(32, 'a') + "  " + std::string(32, 'b');  // 66 bytes
    const auto parsed = handovers(std::string(kHandoversHeader) + spaced + ",P1,,,,,2026-09-01,\n");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(parsed.rows[0].serial, std::string(32, 'A') + std::string(32, 'B'));
}

TEST(ImportRowsProblems, PupilValuesLongerThanTheirLimits) {
    EXPECT_THAT(where(pupil_problems(std::string(33, 'P') + ",Petit,Lou," + std::string(101, 'E') +
                                     ",6e A\n")),
                ElementsAre("line 2, pupil_ref", "line 2, school"));
    // Limits are bytes: 50 two-byte letters fit, 51 do not.
    std::string fifty;
    for (int i = 0; i < 50; ++i)
        fifty += "\xC3\xA9";
    EXPECT_THAT(pupil_problems("P1," + fifty + ",Lou,,\n"), IsEmpty());
    EXPECT_THAT(where(pupil_problems("P1," + fifty + "\xC3\xA9,Lou,,\n")),
                ElementsAre("line 2, last_name"));
}

TEST(ImportRowsProblems, ControlCharacters) {
    const auto problems = pupil_problems(
        "P1,\"Pe\ttit\",Lou,,\n"     // a tab
        "P2,Petit,Lou\x7F,,\n"       // DEL
        "P3,Petit,Lou,\xC2\x85,\n"   // U+0085, a C1 control
        "P4,Petit,Lou,,\"6e\nA\"\n"  // a line break, lines 5-6
        "P5,Petit,Lou\xC2\xA0"
        "Anne,,\n"  // a no-break space is fine
    );
    EXPECT_THAT(where(problems), ElementsAre("line 2, last_name", "line 3, first_name",
                                             "line 4, school", "line 5, class"));
    EXPECT_THAT(problems.at(0).reason, HasSubstr("control character"));
}

TEST(ImportRowsProblems, ASerialWithATabIsAControlCharacterNotASpace) {
    EXPECT_THAT(described(handover_problems("\"PF\t1\",P1,,,,,2026-09-01,\n")),
                ElementsAre("line 2, serial: contains a control character (a line break, a "
                            "tab...)"));
}

TEST(ImportRowsProblems, DatesInEitherFormAreRead) {
    const auto parsed = handovers(std::string(kHandoversHeader) +
                                  "PF1,P1,,,,,2026-09-01,\n"
                                  "PF2,P2,,,,,01/09/2026,\n"
                                  "PF3,P3,,,,,29/02/2024,\n"
                                  "PF4,P4,,,,,2026-10-15,\n");  // today
    EXPECT_THAT(described(parsed.problems), IsEmpty());
    ASSERT_EQ(parsed.rows.size(), 4u);
    EXPECT_EQ(parsed.rows[0].handed_on, parsed.rows[1].handed_on);
    EXPECT_EQ(parsed.rows[2].handed_on, day("2024-02-29"));
    EXPECT_EQ(parsed.rows[3].handed_on, today());
}

TEST(ImportRowsProblems, DatesInAnotherForm) {
    const auto problems = handover_problems(
        "PF1,P1,,,,,2026-9-1,\n"
        "PF2,P2,,,,,1/9/2026,\n"
        "PF3,P3,,,,,2026/09/01,\n"
        "PF4,P4,,,,,01-09-2026,\n"
        "PF5,P5,,,,,1er septembre 2026,\n"
        "PF6,P6,,,,,09/01/26,\n");
    ASSERT_EQ(problems.size(), 6u);
    for (std::size_t i = 0; i < problems.size(); ++i) {
        EXPECT_EQ(problems[i].line, i + 2);
        EXPECT_EQ(problems[i].column, "handover_date");
        EXPECT_THAT(problems[i].reason, HasSubstr("is not a date: write YYYY-MM-DD or DD/MM/YYYY"));
    }
    EXPECT_THAT(problems[0].reason, HasSubstr("\"2026-9-1\""));
}

TEST(ImportRowsProblems, DatesThatAreNotRealDays) {
    EXPECT_THAT(described(handover_problems("PF1,P1,,,,,29/02/2026,\n"
                                            "PF2,P2,,,,,2026-13-01,\n"
                                            "PF3,P3,,,,,00/09/2026,\n"
                                            "PF4,P4,,,,,2026-04-31,\n")),
                ElementsAre("line 2, handover_date: \"29/02/2026\" is not a real day",
                            "line 3, handover_date: \"2026-13-01\" is not a real day",
                            "line 4, handover_date: \"00/09/2026\" is not a real day",
                            "line 5, handover_date: \"2026-04-31\" is not a real day"));
}

TEST(ImportRowsProblems, AHandoverAfterTodayIsInTheFuture) {
    EXPECT_THAT(described(handover_problems("PF1,P1,,,,,2026-10-15,\n"
                                            "PF2,P2,,,,,16/10/2026,\n")),
                ElementsAre("line 3, handover_date: 2026-10-16 is in the future (today is "
                            "2026-10-15)"));
}

TEST(ImportRowsProblems, KindsInEitherLanguageAndAnyCase) {
    const auto parsed = handovers(std::string(kHandoversHeader) +
                                  "PF1,P1,,,,,2026-09-01,INITIAL\n"
                                  "PF2,P2,,,,,2026-09-01,Initiale\n"
                                  "PF3,P3,,,,,2026-09-01,  \n"
                                  "PF4,P1,,,,,2026-09-02,Replacement\n"
                                  "PF5,P2,,,,,2026-09-02,remplacement\n");
    EXPECT_THAT(described(parsed.problems), IsEmpty());
    std::vector<std::string> kinds;
    for (const auto& row : parsed.rows)
        kinds.push_back(row.kind);
    EXPECT_THAT(kinds, ElementsAre("initial", "initial", "initial", "replacement", "replacement"));
}

TEST(ImportRowsProblems, AnUnknownKind) {
    EXPECT_THAT(where(handover_problems("PF1,P1,,,,,2026-09-01,loan\n"
                                        "PF2,P2,,,,,2026-09-01,initials\n"
                                        "PF3,P3,,,,,2026-09-01,r\xC3\xA9paration\n")),
                ElementsAre("line 2, kind", "line 3, kind", "line 4, kind"));
}

TEST(ImportRowsProblems, RowsWithMoreOrFewerFieldsThanTheHeader) {
    EXPECT_THAT(described(handover_problems("PF1,P1,,,,,2026-09-01,,extra\n"
                                            "PF2,P2,,,,,2026-09-01\n"
                                            ",,x,\n")),  // not checked further: one problem
                ElementsAre("line 2, : has 9 fields, the header has 8",
                            "line 3, : has 7 fields, the header has 8",
                            "line 4, : has 4 fields, the header has 8"));
    EXPECT_THAT(described(pupil_problems("P1,Petit\n")),
                ElementsAre("line 2, : has 2 fields, the header has 5"));
}

TEST(ImportRowsProblems, ThePupilRefTwiceInAPupilsFile) {
    EXPECT_THAT(
        described(pupil_problems("P1,Petit,Lou,,\n"
                                 "P2,Roux,Jade,,\n"
                                 "P1,Petit,Lou,,\n"
                                 "P1,Autre,Nom,,\n")),
        ElementsAre("line 4, pupil_ref: same as line 2", "line 5, pupil_ref: same as line 2"));
}

TEST(ImportRowsProblems, TheSameHandoverTwiceWhateverItsSpelling) {
    EXPECT_THAT(described(handover_problems("PF3 ABC1,P1,,,,,2026-09-01,\n"
                                            "PF3ABC1,P1,,,,,2026-09-02,\n"     // another day
                                            "PF3ABC1,P2,,,,,2026-09-01,\n"     // another pupil
                                            "PF3ABC2,P1,,,,,2026-09-01,\n"     // another laptop
                                            "pf3abc1,P1,,,,,01/09/2026,\n")),  // the same
                ElementsAre("line 6, serial: same as line 2"));
}

TEST(ImportRowsProblems, OnePupilWithDifferentDetailsInAHandoversFile) {
    EXPECT_THAT(described(handover_problems("PF1,P1,Petit,Lou,,6e A,2026-09-01,\n"
                                            "PF2,P1,Petit,Louise,\xC3\x89"
                                            "cole A,6e A,2026-09-02,\n"
                                            "PF3,P1,,,\xC3\x89"
                                            "cole B,6e B,2026-09-03,\n"
                                            "PF4,P2,Roux,Jade,\xC3\x89"
                                            "cole B,6e B,2026-09-03,\n")),
                ElementsAre("line 3, first_name: pupil_ref P1 has first_name \"Lou\" on line 2",
                            "line 4, school: pupil_ref P1 has school \"\xC3\x89"
                            "cole A\" on line 3",
                            "line 4, class: pupil_ref P1 has class \"6e A\" on line 2"));
}

TEST(ImportRowsProblems, AllProblemsOfAllRowsAreListed) {
    const auto parsed = handovers(std::string(kHandoversHeader) +
                                  "PF1,P1,,,,,2026-09-01,\n"
                                  ",,,,,,x,y\n"
                                  "PF3,P3,,,,,2026-09-01,\n"
                                  "PF4,P4,,,,,2099-01-01,loan\n");
    EXPECT_THAT(where(parsed.problems),
                ElementsAre("line 3, serial", "line 3, pupil_ref", "line 3, handover_date",
                            "line 3, kind", "line 5, handover_date", "line 5, kind"));
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_EQ(parsed.rows[0].line, 2u);
    EXPECT_EQ(parsed.rows[1].line, 4u);
}

TEST(ImportRowsProblems, LinesStayRightAfterQuotedMultiLineFields) {
    const auto parsed = pupils(std::string(kPupilsHeader) +
                               "P1,Petit,Lou,\"\xC3\x89"
                               "cole\nA\",6e A\n"                  // lines 2-3
                               "\n"                                // line 4
                               "P2,\"Roux\",\"Jade\",\"\",\"\"\n"  // line 5
                               "P3,,\"A\r\nB\r\nC\",,\n"           // lines 6-8
                               "P4,Blanc,No\xC3\xA9,,\n");         // line 9
    EXPECT_THAT(where(parsed.problems),
                ElementsAre("line 2, school", "line 6, last_name", "line 6, first_name"));
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_EQ(parsed.rows[0], (PupilRow{5, "P2", "Roux", "Jade", std::nullopt, std::nullopt}));
    EXPECT_EQ(parsed.rows[1].line, 9u);
}

TEST(ImportRowsNormalising, SerialsAreTrimmedUpperCasedAndLoseInnerSpaces) {
    const auto parsed = handovers(std::string(kHandoversHeader) +
                                  "  pf 3abc 01  ,P1,,,,,2026-09-01,\n"
                                  "\" Pf3-Xy_9 \",P2,,,,,2026-09-01,\n");
    ASSERT_EQ(parsed.rows.size(), 2u);
    EXPECT_EQ(parsed.rows[0].serial, "PF3ABC01");
    EXPECT_EQ(parsed.rows[1].serial, "PF3-XY_9");
}

TEST(ImportRowsNormalising, OtherValuesAreOnlyTrimmed) {
    const auto parsed = pupils(std::string(kPupilsHeader) + " p-1 , de  la Tour ,  anne ,x, \n");
    ASSERT_EQ(parsed.rows.size(), 1u);
    EXPECT_EQ(parsed.rows[0], (PupilRow{2, "p-1", "de  la Tour", "anne", "x", std::nullopt}));
}

}  // namespace
}  // namespace clicfleet::server
