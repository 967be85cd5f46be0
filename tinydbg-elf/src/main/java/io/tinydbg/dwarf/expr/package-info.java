/**
 * DWARF expressions: {@link io.tinydbg.dwarf.expr.Expression} decodes DW_OP bytes,
 * {@link io.tinydbg.dwarf.expr.ExpressionFormat} prints them as readelf does, and
 * {@link io.tinydbg.dwarf.expr.ExpressionEvaluator} computes a {@link io.tinydbg.dwarf.expr.Location} or a value
 * over an {@link io.tinydbg.dwarf.expr.EvaluationContext} that the engine implements on a live process.
 */
package io.tinydbg.dwarf.expr;
