package io.tinydbg.demangle;

import io.tinydbg.demangle.ItaniumExpressions.Binary;
import io.tinydbg.demangle.ItaniumExpressions.ExprList;
import io.tinydbg.demangle.ItaniumExpressions.Operator;
import io.tinydbg.demangle.ItaniumExpressions.Trinary;
import io.tinydbg.demangle.ItaniumExpressions.Unary;
import java.util.ArrayList;
import java.util.List;

/** The expression part of the Itanium grammar (GNU's d_expression_1 and d_expr_primary). */
final class ItaniumExpressionParser {
    private final ItaniumParser p;

    ItaniumExpressionParser(ItaniumParser parser) {
        this.p = parser;
    }

    ItaniumNode expression() {
        p.enter();
        try {
            return expressionBody();
        } finally {
            p.leave();
        }
    }

    private ItaniumNode expressionBody() {
        char c = p.peek();
        char n = p.peek(1);
        if (c == 'L') {
            return primary();
        }
        if (c == 'T') {
            return p.templateParam();
        }
        if (c == 's' && n == 'r') {
            p.pos += 2;
            ItaniumNode type = p.type();
            ItaniumNode name = p.unqualifiedName(null);
            if (p.peek() == 'I') {
                name = new ItaniumNodes.Template(name, p.templateArgs());
            }
            return new ItaniumNodes.Nested(type, name);
        }
        if (c == 's' && n == 'p') {
            p.pos += 2;
            return new ItaniumTypes.PackExpansion(expression());
        }
        if (c == 'f' && n == 'p') {
            p.pos += 2;
            if (p.consume('T')) {
                return new ItaniumExpressions.FunctionParam("this");
            }
            long index = p.compactNumber() + 1;
            if (index > Integer.MAX_VALUE) {
                throw ItaniumCursor.fail();
            }
            return new ItaniumExpressions.FunctionParam("{parm#" + index + "}");
        }
        if (ItaniumCursor.isDigit(c) || (c == 'o' && n == 'n')) {
            if (c == 'o') {
                p.pos += 2;
            }
            ItaniumNode name = p.unqualifiedName(null);
            if (p.peek() == 'I') {
                return new ItaniumNodes.Template(name, p.templateArgs());
            }
            return name;
        }
        if ((c == 'i' || c == 't') && n == 'l') {
            p.pos += 2;
            ItaniumNode type = c == 't' ? p.type() : null;
            if (p.atEnd()) {
                throw ItaniumCursor.fail();
            }
            return new ItaniumExpressions.InitList(type, list('E'));
        }
        return operatorExpression();
    }

    private ItaniumNode operatorExpression() {
        char c1 = p.next();
        char c2 = p.next();
        if (c1 == 'c' && c2 == 'v') {
            ItaniumNode type = p.type();
            ItaniumNode cast = new ItaniumExpressions.Cast(type);
            ItaniumNode operand = p.consume('_') ? list('E') : expression();
            return new Unary(cast, operand, false);
        }
        ItaniumOperators.Op op = ItaniumOperators.byCode("" + c1 + c2);
        if (op == null) {
            throw ItaniumCursor.fail();
        }
        Operator opNode = new Operator(op);
        String code = op.code();
        if (code.equals("st")) {
            return new Unary(opNode, p.type(), false);
        }
        switch (op.arity()) {
            case 0:
                return new ItaniumNodes.Name(op.name(), false);
            case 1: {
                boolean postfix = false;
                if ((code.equals("pp") || code.equals("mm"))) {
                    postfix = !p.consume('_');
                }
                ItaniumNode operand;
                if (code.equals("sP")) {
                    List<ItaniumNode> args = new ArrayList<>();
                    while (!p.consume('E')) {
                        args.add(p.templateArg());
                    }
                    operand = new ItaniumNodes.ArgPack(args);
                } else {
                    operand = expression();
                }
                return new Unary(opNode, operand, postfix);
            }
            case 2: {
                ItaniumNode left;
                if (code.equals("dc") || code.equals("sc") || code.equals("cc") || code.equals("rc")) {
                    left = p.type();
                } else if (code.charAt(0) == 'f') {
                    left = foldOperator();
                } else if (code.equals("di")) {
                    left = p.unqualifiedName(null);
                } else {
                    left = expression();
                }
                ItaniumNode right;
                if (code.equals("cl")) {
                    right = list('E');
                } else if (code.equals("dt") || code.equals("pt")) {
                    char a = p.peek();
                    char b = p.peek(1);
                    if ((a == 'g' && b == 's') || (a == 's' && b == 'r')) {
                        right = expression();
                    } else {
                        right = p.unqualifiedName(null);
                        if (p.peek() == 'I') {
                            right = new ItaniumNodes.Template(right, p.templateArgs());
                        }
                    }
                } else {
                    right = expression();
                }
                return new Binary(opNode, left, right);
            }
            case 3: {
                if (code.equals("qu") || code.equals("dX")) {
                    ItaniumNode first = expression();
                    ItaniumNode second = expression();
                    return new Trinary(opNode, first, second, expression());
                }
                if (code.charAt(0) == 'f') {
                    ItaniumNode first = foldOperator();
                    ItaniumNode second = expression();
                    return new Trinary(opNode, first, second, expression());
                }
                if (code.equals("nw") || code.equals("na")) {
                    ExprList placement = list('_');
                    ItaniumNode type = p.type();
                    ItaniumNode init;
                    if (p.consume('E')) {
                        init = null;
                    } else if (p.peek() == 'p' && p.peek(1) == 'i') {
                        p.pos += 2;
                        init = list('E');
                    } else if (p.peek() == 'i' && p.peek(1) == 'l') {
                        init = expression();
                    } else {
                        throw ItaniumCursor.fail();
                    }
                    return new Trinary(opNode, placement.items.isEmpty() ? null : placement, type, init);
                }
                throw ItaniumCursor.fail();
            }
            default:
                throw ItaniumCursor.fail();
        }
    }

    private ItaniumNode foldOperator() {
        char c1 = p.next();
        char c2 = p.next();
        ItaniumOperators.Op op = ItaniumOperators.byCode("" + c1 + c2);
        if (op == null) {
            throw ItaniumCursor.fail();
        }
        return new Operator(op);
    }

    private ExprList list(char terminator) {
        List<ItaniumNode> items = new ArrayList<>();
        while (!p.consume(terminator)) {
            if (p.atEnd()) {
                throw ItaniumCursor.fail();
            }
            items.add(expression());
        }
        return new ExprList(items);
    }

    /** {@code L <type> <value> E}, {@code L _Z <encoding> E}. */
    ItaniumNode primary() {
        p.expect('L');
        ItaniumNode result;
        if (p.peek() == '_' || p.peek() == 'Z') {
            p.consume('_');
            p.expect('Z');
            result = p.encoding();
        } else {
            ItaniumNode type = p.type();
            boolean negative = p.consume('n');
            int start = p.pos;
            while (p.peek() != 'E') {
                p.next();
            }
            result = new ItaniumExpressions.Literal(type, p.text.substring(start, p.pos), negative);
        }
        p.expect('E');
        return result;
    }
}
