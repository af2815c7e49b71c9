#pragma once
// After a run: is every report the server acknowledged in its database,
// exactly once? Read straight from the server's SQLite file, read-only.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "common/util/result.hpp"
#include "tests/loadgen/simulated_agent.hpp"

namespace clicfleet::loadgen {

struct DeliveryCheck {
    std::uint64_t acknowledged = 0;  ///< reports the server acknowledged in this run
    std::uint64_t stored = 0;        ///< of which found in the database
    std::uint64_t lost = 0;          ///< acknowledged but not stored
    std::uint64_t duplicated = 0;    ///< stored more than once
    std::uint64_t unfinished = 0;    ///< agents that did not get all their reports acknowledged
};

common::Result<DeliveryCheck> check_delivery(const std::filesystem::path& database,
                                             const std::vector<SimulatedAgent>& agents);

}  // namespace clicfleet::loadgen
