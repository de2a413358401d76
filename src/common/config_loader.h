// Loading a Config: a YAML file (or text) checked against a ConfigSchema, with environment overrides
// and ${VAR} expansion. Stateless functions; callable from any thread.
//
// Order of precedence, lowest first: the schema default, the file, the environment variable
// <PREFIX>_<SECTION>_<KEY> (e.g. OVERNIGHT_SESSION_MAX_RUNTIME_HOURS=12; a list is "a,b,c").
// Every string from the file or the environment is ${VAR}-expanded (env_expansion.h) before it is read
// as its key's type. Every problem is reported, not just the first: the error's message holds one line
// per problem, each naming where (file:line of the key, or the env variable), the key and the expected form:
//   overnight.yaml:7: session.max_runtime_hours: expected an integer in [1, 168], got "ten"
//   overnight.yaml:12: session.max_runtim_hours: unknown key (did you mean max_runtime_hours?)
//   env OVERNIGHT_BUDGET_MAX_COST_USD: budget.max_cost_usd: expected a number >= 0, got "lots"
// The error's code is that of the first problem and its field the first problem's key; print the
// message (it is complete), not Error::describe().
#pragma once

#include <filesystem>
#include <string_view>

#include "common/config.h"
#include "common/config_schema.h"
#include "common/env_expansion.h"
#include "common/error.h"

namespace nightdesk {

// Reads the YAML file at `path`; a missing or unreadable file is an io_error naming the path.
// An empty `env_prefix` turns environment overrides off (${VAR} expansion still reads `env`).
// A schema that fails ConfigSchema::check is an internal error.
Result<Config> load_config(const ConfigSchema& schema, const std::filesystem::path& path, std::string_view env_prefix,
                           const EnvLookup& env);
// The same, reading the process environment.
Result<Config> load_config(const ConfigSchema& schema, const std::filesystem::path& path, std::string_view env_prefix);

// The same from YAML text (tests; or no file at all: "" gives defaults plus environment). `source_name`
// stands for the file name in messages.
Result<Config> load_config_text(const ConfigSchema& schema, std::string_view yaml, std::string_view source_name,
                                std::string_view env_prefix, const EnvLookup& env);

}  // namespace nightdesk
