#include "cases.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BINDV6ONLY "/proc/sys/net/ipv6/bindv6only"

static const struct variant variants[] = {
	{.setting = {{.key = "bindv6only", .kind = SETTING_SYSCTL, .path = BINDV6ONLY, .value = "0"}}, .setting_count = 1},
	{.setting = {{.key = "bindv6only", .kind = SETTING_SYSCTL, .path = BINDV6ONLY, .value = "1"}}, .setting_count = 1},
};

const struct variant *variants_all(size_t *count)
{
	*count = sizeof variants / sizeof variants[0];
	return variants;
}

static void variant_name(const struct variant *v, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < v->setting_count && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s=%s", i ? "," : "",
					v->setting[i].key, v->setting[i].value);
}

static size_t axis_value_count(const struct axis *a)
{
	size_t n = 0;
	while (n < AXIS_MAX_VALUES && a->value[n])
		n++;
	return n;
}

int cases_all(struct case_list *list)
{
	return cases_expand(scenario_catalogue, scenario_catalogue_count, list);
}

int cases_expand(const struct scenario *catalogue, size_t catalogue_count, struct case_list *list)
{
	size_t variant_count;
	const struct variant *v = variants_all(&variant_count);
	size_t total = 0;
	for (size_t s = 0; s < catalogue_count; s++) {
		size_t product = variant_count;
		for (size_t a = 0; a < catalogue[s].axis_count; a++)
			product *= axis_value_count(&catalogue[s].axis[a]);
		total += product;
	}
	list->count = 0;
	list->item = calloc(total + 1, sizeof *list->item);
	if (!list->item)
		return -1;
	for (size_t s = 0; s < catalogue_count; s++) {
		const struct scenario *sc = &catalogue[s];
		for (size_t i = 0; i < variant_count; i++) {
			/* An odometer over the scenario's axes. */
			size_t digit[VARIANT_MAX_SETTINGS] = {0};
			for (;;) {
				struct case_def *c = &list->item[list->count++];
				c->scenario = sc;
				c->variant = v[i];
				for (size_t a = 0; a < sc->axis_count && c->variant.setting_count < VARIANT_MAX_SETTINGS; a++)
					c->variant.setting[c->variant.setting_count++] = (struct setting){
						.key = sc->axis[a].key, .kind = sc->axis[a].kind, .path = sc->axis[a].path,
						.value = sc->axis[a].value[digit[a]]};
				variant_name(&c->variant, c->variant_name, sizeof c->variant_name);
				snprintf(c->name, sizeof c->name, "%s/%s", sc->name, c->variant_name);

				size_t a = sc->axis_count;
				while (a > 0 && ++digit[a - 1] == axis_value_count(&sc->axis[a - 1]))
					digit[--a] = 0;
				if (a == 0)
					break;
			}
		}
	}
	return 0;
}

void cases_free(struct case_list *list)
{
	free(list->item);
	list->item = NULL;
	list->count = 0;
}

static int matches(const struct case_def *c, const char *pattern)
{
	if (fnmatch(pattern, c->name, 0) == 0)
		return 1;
	return strchr(pattern, '/') == NULL && fnmatch(pattern, c->scenario->name, 0) == 0;
}

int cases_select(const struct case_list *all, char *const *patterns, size_t pattern_count,
		 struct case_list *selected, const char **unmatched)
{
	selected->count = 0;
	selected->item = calloc(all->count + 1, sizeof *selected->item);
	if (!selected->item)
		return -1;
	for (size_t p = 0; p < pattern_count; p++) {
		int any = 0;
		for (size_t i = 0; i < all->count && !any; i++)
			any = matches(&all->item[i], patterns[p]);
		if (!any) {
			*unmatched = patterns[p];
			cases_free(selected);
			return -1;
		}
	}
	for (size_t i = 0; i < all->count; i++) {
		int keep = pattern_count == 0;
		for (size_t p = 0; p < pattern_count && !keep; p++)
			keep = matches(&all->item[i], patterns[p]);
		if (keep)
			selected->item[selected->count++] = all->item[i];
	}
	return 0;
}

const struct case_def *cases_find(const struct case_list *list, const char *name)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->item[i].name, name) == 0)
			return &list->item[i];
	return NULL;
}
