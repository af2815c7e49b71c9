// Every CSV the server writes (mandate files, reminder lists) is opened in a
// spreadsheet: no field may split into two or run as a formula.

#include <gtest/gtest.h>

#include "server/imports/csv_writer.hpp"

namespace clicfleet::server {
namespace {

TEST(CsvLine, JoinsPlainFieldsWithSemicolonsAndEndsWithCrlf) {
    EXPECT_EQ(csv_line({"Dupont", "Lucie", "60.00"}), "Dupont;Lucie;60.00\r\n");
}

TEST(CsvLine, QuotesAFieldHoldingACommaSoNoSpreadsheetSplitsIt) {
    EXPECT_EQ(csv_line({"Dupont,=1+2", "x"}), "\"Dupont,=1+2\";x\r\n");
}

TEST(CsvLine, QuotesSeparatorsQuotesTabsAndLineBreaks) {
    EXPECT_EQ(csv_line({"a;b"}), "\"a;b\"\r\n");
    EXPECT_EQ(csv_line({"say \"hi\""}), "\"say \"\"hi\"\"\"\r\n");
    EXPECT_EQ(csv_line({"two\nlines"}), "\"two\nlines\"\r\n");
    EXPECT_EQ(csv_line({"a\tb"}), "\"a\tb\"\r\n");
}

TEST(CsvLine, NeutralisesEveryFormulaStart) {
    EXPECT_EQ(csv_line({"=1+2"}), "'=1+2\r\n");
    EXPECT_EQ(csv_line({"+33 1 23"}), "'+33 1 23\r\n");
    EXPECT_EQ(csv_line({"-2+3"}), "'-2+3\r\n");
    EXPECT_EQ(csv_line({"@SUM(A1)"}), "'@SUM(A1)\r\n");
    EXPECT_EQ(csv_line({"\t=1+2"}), "\"'\t=1+2\"\r\n");
    EXPECT_EQ(csv_line({"\r=1+2"}), "\"'\r=1+2\"\r\n");
}

TEST(CsvLine, LeavesNegativeAmountsAsNumbers) {
    EXPECT_EQ(csv_line({"-60.00", "-5"}), "-60.00;-5\r\n");
}

TEST(CsvLine, LeavesNegativeAmountsWithADecimalCommaAsNumbers) {
    EXPECT_EQ(csv_line({"-60,00", "-=1"}), "\"-60,00\";'-=1\r\n");
}

TEST(CsvLine, KeepsEmptyFields) {
    EXPECT_EQ(csv_line({"", "a", ""}), ";a;\r\n");
}

}  // namespace
}  // namespace clicfleet::server
