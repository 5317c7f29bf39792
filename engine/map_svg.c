/* map_svg.c: the mood plane as a self-contained SVG picture, for people to
 * see where the catalog's songs sit on valence (x) and arousal (y), where
 * the mood words are, and how a playlist walks across the plane. Every song
 * is a translucent dot with its title, artist and drama in a hover <title>,
 * so stacks of songs at one mood point read darker; a playlist is a numbered
 * path with a small hollow marker at the point each step aimed for. */
#include "internal.h"

#include <math.h>

#include <stdio.h>

#define MAP_WIDTH 900
#define MAP_HEIGHT 900
#define MAP_MARGIN 90.0
#define MAP_SIZE 720.0 /* the side of the [-1, 1]^2 square, in px */
#define PATH_COLOUR "#d6336c"

static double plane_x(double valence) { return MAP_MARGIN + (valence + 1.0) / 2.0 * MAP_SIZE; }
static double plane_y(double arousal) { return MAP_MARGIN + (1.0 - arousal) / 2.0 * MAP_SIZE; }

static void write_header(FILE *out)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            MAP_WIDTH, MAP_HEIGHT, MAP_WIDTH, MAP_HEIGHT);
    fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", MAP_WIDTH, MAP_HEIGHT);
    fputs("<text class=\"title\" x=\"450.0\" y=\"45.0\" text-anchor=\"middle\" font-size=\"20\">"
          "ostrec: the mood plane</text>\n", out);
}

/* The [-1, 1]^2 frame, the two zero axes and their labels. */
static void write_axes(FILE *out)
{
    double lo = MAP_MARGIN, hi = MAP_MARGIN + MAP_SIZE, mid = MAP_MARGIN + MAP_SIZE / 2.0;
    fprintf(out, "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                 "fill=\"none\" stroke=\"#ced4da\" stroke-width=\"1\"/>\n", lo, lo, MAP_SIZE, MAP_SIZE);
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                 "stroke=\"#adb5bd\" stroke-width=\"0.5\"/>\n", lo, mid, hi, mid);
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                 "stroke=\"#adb5bd\" stroke-width=\"0.5\"/>\n", mid, lo, mid, hi);
    fputs("<g class=\"axis-label\" fill=\"#495057\">\n", out);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">sad / negative</text>\n", lo, hi + 22.0);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">valence</text>\n", mid, hi + 22.0);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">happy / positive</text>\n", hi, hi + 22.0);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">intense</text>\n", lo - 8.0, lo + 4.0);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">calm</text>\n", lo - 8.0, hi + 4.0);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">"
                 "arousal</text>\n", lo - 30.0, mid, lo - 30.0, mid);
    fputs("</g>\n", out);
}

/* One dot per song of the index, its description in a hover <title>. */
static void write_songs(FILE *out, const ostrec_index *index)
{
    fputs("<g class=\"songs\" fill=\"#1c7ed6\" fill-opacity=\"0.35\">\n", out);
    for (size_t i = 0; i < index->count; i++) {
        index_song song;
        index_song_at(index, i, &song);
        const index_song *s = &song;
        fprintf(out, "<circle class=\"song\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>",
                plane_x(s->valence), plane_y(s->arousal));
        results_xml_text(out, s->title ? s->title : "?");
        fputs(" / ", out);
        results_xml_text(out, s->artist ? s->artist : "?");
        fputs(" (", out);
        results_xml_text(out, s->drama ? s->drama : "?");
        fprintf(out, ", %d), valence %.1f, arousal %.1f</title></circle>\n", s->year, s->valence, s->arousal);
    }
    fputs("</g>\n", out);
}

/* Each mood word at its point: a small marker, the id and its Korean name. */
static void write_moods(FILE *out, ostrec *db)
{
    size_t n = ostrec_vocab_count(db, OSTREC_VOCAB_MOODS);
    fputs("<g class=\"moods\" fill=\"#212529\">\n", out);
    for (size_t i = 0; i < n; i++) {
        const ostrec_term *t = ostrec_vocab_term(db, OSTREC_VOCAB_MOODS, i);
        if (t == NULL) continue;
        double x = plane_x(t->valence), y = plane_y(t->arousal);
        fprintf(out, "<rect class=\"mood-mark\" x=\"%.1f\" y=\"%.1f\" width=\"4\" height=\"4\" fill=\"#495057\"/>\n",
                x - 2.0, y - 2.0);
        fprintf(out, "<text class=\"mood\" x=\"%.1f\" y=\"%.1f\">", x + 5.0, y - 4.0);
        results_xml_text(out, t->id);
        if (t->ko && *t->ko) {
            fputs(" <tspan font-size=\"10\" fill=\"#868e96\">", out);
            results_xml_text(out, t->ko);
            fputs("</tspan>", out);
        }
        fputs("</text>\n", out);
    }
    fputs("</g>\n", out);
}

/* Steps that land on one song's point share a label: the first of them
 * writes every such number ("1,2,3") beside the circle; the others none. */
static void write_step_numbers(FILE *out, const ostrec_playlist *playlist, size_t i, double x, double y)
{
    const ostrec_result *r = &playlist->items[i].song;
    size_t shared = 0;
    for (size_t j = 0; j < playlist->count; j++) {
        const ostrec_result *o = &playlist->items[j].song;
        if (o->valence != r->valence || o->arousal != r->arousal) continue;
        if (j < i) return; /* an earlier step wrote this point's label */
        shared++;
    }
    fprintf(out, "<text class=\"step-number\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"10\" fill=\"" PATH_COLOUR
                 "\">", shared > 1 ? x + 12 : x, y + 3.5, shared > 1 ? "start" : "middle");
    for (size_t j = i, n = 0; j < playlist->count; j++) {
        const ostrec_result *o = &playlist->items[j].song;
        if (o->valence == r->valence && o->arousal == r->arousal) fprintf(out, "%s%zu", n++ ? "," : "", j + 1);
    }
    fputs("</text>\n", out);
}

/* The playlist: a line through its songs, each step's target as a tiny
 * hollow marker, and a numbered circle on each song. */
static void write_playlist(FILE *out, const ostrec_playlist *playlist)
{
    fputs("<polyline class=\"path\" fill=\"none\" stroke=\"" PATH_COLOUR "\" stroke-width=\"2\" points=\"", out);
    for (size_t i = 0; i < playlist->count; i++) {
        const ostrec_result *r = &playlist->items[i].song;
        fprintf(out, "%s%.1f,%.1f", i ? " " : "", plane_x(r->valence), plane_y(r->arousal));
    }
    fputs("\"/>\n", out);
    for (size_t i = 0; i < playlist->count; i++) {
        const ostrec_playlist_item *it = &playlist->items[i];
        fprintf(out, "<circle class=\"target\" cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"none\" stroke=\"" PATH_COLOUR
                     "\" stroke-width=\"1\"/>\n", plane_x(it->target_valence), plane_y(it->target_arousal));
    }
    for (size_t i = 0; i < playlist->count; i++) {
        const ostrec_result *r = &playlist->items[i].song;
        double x = plane_x(r->valence), y = plane_y(r->arousal);
        fprintf(out, "<circle class=\"step\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"#ffffff\" stroke=\"" PATH_COLOUR
                     "\" stroke-width=\"2\"><title>%zu. ", x, y, i + 1);
        results_xml_text(out, r->title ? r->title : "?");
        fputs(" / ", out);
        results_xml_text(out, r->artist ? r->artist : "?");
        fputs("</title></circle>\n", out);
        write_step_numbers(out, playlist, i, x, y);
    }
}

static void write_legend(FILE *out, size_t songs, int with_playlist)
{
    fprintf(out, "<text class=\"legend\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#495057\">%zu songs; dots are songs at the "
                 "mean of their moods' coordinates; words are the mood vocabulary%s</text>\n",
            30.0, MAP_HEIGHT - 30.0, songs, with_playlist ? "; the numbered path is the playlist" : "");
}

/* A taste's heat layer: a soft red disc on each song the person played or
 * liked, its area in proportion to the song's weight (the heaviest 14 px
 * across), drawn under the dots. */
static void write_heat(FILE *out, const ostrec_index *index, const ostrec_taste *taste)
{
    double heaviest = taste->seed_count ? taste->seed_weights[0] : 0; /* seeds come heaviest first */
    fputs("<g class=\"heat\" fill=\"#e03131\" fill-opacity=\"0.25\">\n", out);
    for (size_t i = 0; heaviest > 0 && i < taste->seed_count; i++) {
        long row = index_find(index, taste->seeds[i]);
        if (row < 0) continue;
        index_song s;
        index_song_at(index, (size_t)row, &s);
        fprintf(out, "<circle class=\"heat\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"><title>", plane_x(s.valence),
                plane_y(s.arousal), 7.0 * sqrt(taste->seed_weights[i] / heaviest));
        results_xml_text(out, s.title ? s.title : "?");
        fprintf(out, ": weight %.2f</title></circle>\n", taste->seed_weights[i]);
    }
    fputs("</g>\n", out);
}

int ostrec_map_write(ostrec *db, const ostrec_index *index, const ostrec_playlist *playlist, FILE *out)
{
    return ostrec_map_write_taste(db, index, playlist, NULL, out);
}

int ostrec_map_write_taste(ostrec *db, const ostrec_index *index, const ostrec_playlist *playlist,
                           const ostrec_taste *taste, FILE *out)
{
    if (index == NULL || out == NULL) return ostrec__fail(db, OSTREC_EINVAL, "map: nothing to draw");
    int with_playlist = playlist != NULL && playlist->count > 0 && playlist->items != NULL;
    write_header(out);
    write_axes(out);
    if (taste != NULL) write_heat(out, index, taste);
    write_songs(out, index);
    write_moods(out, db);
    if (with_playlist) write_playlist(out, playlist);
    write_legend(out, index->count, with_playlist);
    fputs("</svg>\n", out);
    if (fflush(out) != 0 || ferror(out)) return ostrec__fail(db, OSTREC_EIO, "cannot write the map");
    return OSTREC_OK;
}
