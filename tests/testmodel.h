/* Models built in C for the engine's tests, without the YAML loader: a few helpers that fill
 * a struct wf_model the way the loader would (names resolved, fall-through `next` resolved by
 * tm_finish).  Free with tm_free, not wf_model_free. */
#ifndef TESTMODEL_H
#define TESTMODEL_H
#include "wfsim/model.h"

struct wf_model *tm_new(enum wf_time_unit unit);
/* A pool of `capacity` servers (WF_UNLIMITED for unlimited); returns its index. */
int tm_resource(struct wf_model *m, const char *id, int capacity, int is_machine, double cost_per_hour);
/* Servers over the week from windows instead of a constant (closed: 0). */
void tm_resource_windows(struct wf_model *m, int r, const struct wf_window *w, size_t n);
/* A step using resource r (-1: autonomous); returns its index.  Falls through to the next
 * step unless told otherwise. */
int tm_step(struct wf_model *m, const char *id, int r);
int tm_outcome(struct wf_model *m, const char *name);
/* Attribute with n values named "v0", "v1" ...; returns its index. */
int tm_attribute(struct wf_model *m, const char *name, size_t n, const double *p);
struct wf_target tm_to(int step);
struct wf_target tm_end(int outcome);
void tm_route_p(struct wf_model *m, int s, double p, struct wf_target to);
/* A condition entry attr == value; attr < 0 makes it the else entry. */
void tm_route_when(struct wf_model *m, int s, int attr, int value, struct wf_target to);
/* Distributions. */
struct wf_dist tm_exp(double mean);
struct wf_dist tm_const(double v);
struct wf_dist tm_lognormal(double mean, double sd);
struct wf_dist tm_uniform(double lo, double hi);
/* Poisson arrivals with this mean interarrival time. */
void tm_arrivals(struct wf_model *m, struct wf_dist d);
/* Replayed arrivals at the given times (copied). */
void tm_trace(struct wf_model *m, const double *at, size_t n);
void tm_finish(struct wf_model *m);
void tm_free(struct wf_model *m);

#endif
