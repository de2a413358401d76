// Leisen-Reimer binomial tree: the accurate reference for American prices (converges smoothly, at
// second order, because the strike sits at the centre of the final layer). Pure; any thread (uses
// a thread_local node buffer, so no allocation after the first call on a thread).
#pragma once

#include "pricing/option_types.h"

namespace nightdesk::pricing {

enum class ExerciseStyle { european, american };

// Price on a spot with dividend yield q. `steps` is rounded up to an odd number (the method needs
// it); 201 steps gives about 1e-4 relative accuracy on typical options. years == 0 gives the payoff;
// vol == 0 gives the deterministic value. Leisen, D. and Reimer, M. (1996), "Binomial models for
// option valuation - examining and improving convergence", Applied Mathematical Finance 3,
// with the Peizer-Pratt method-2 inversion.
double leisen_reimer_price(OptionRight right, ExerciseStyle style, const OptionInputs& in, int steps = 201);

}  // namespace nightdesk::pricing
