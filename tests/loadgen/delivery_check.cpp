#include "tests/loadgen/delivery_check.hpp"

#include "common/store/sqlite.hpp"

namespace clicfleet::loadgen {

common::Result<DeliveryCheck> check_delivery(const std::filesystem::path& database,
                                             const std::vector<SimulatedAgent>& agents) {
    auto db = common::Database::open(database, common::Database::Mode::read_only);
    if (!db) return db.error();
    // (device, seq) is the reports table's key, so a duplicate would show as
    // more rows than distinct seqs only if the key were broken: count both.
    auto stmt = db->prepare(
        "SELECT count(*), count(DISTINCT seq) FROM reports "
        "WHERE device_id = ?1 AND seq BETWEEN ?2 AND ?3");
    if (!stmt) return stmt.error();
    DeliveryCheck check;
    for (const auto& agent : agents) {
        if (!agent.finished()) ++check.unfinished;
        if (agent.device_id().empty() || agent.acked_through() < agent.first_seq()) continue;
        const std::uint64_t acked = agent.acked_through() - agent.first_seq() + 1;
        stmt->bind(1, agent.device_id())
            .bind(2, static_cast<std::int64_t>(agent.first_seq()))
            .bind(3, static_cast<std::int64_t>(agent.acked_through()));
        auto row = stmt->step();
        if (!row) return row.error();
        const auto rows = static_cast<std::uint64_t>(stmt->column_int(0));
        const auto distinct = static_cast<std::uint64_t>(stmt->column_int(1));
        stmt->reset();
        check.acknowledged += acked;
        check.stored += distinct;
        check.lost += acked - std::min(acked, distinct);
        check.duplicated += rows - distinct;
    }
    return check;
}

}  // namespace clicfleet::loadgen
