// Generated automatically by nearley, version 2.20.1
// http://github.com/Hardmath123/nearley
function id(x) { return x[0]; }

import { tokenTypes } from '../src/parse/lexer.ts';
import * as S from '../src/parse/syntax.ts';
let Lexer = tokenTypes;
let ParserRules = [
    {"name": "statement", "symbols": ["definition"], "postprocess": id},
    {"name": "statement", "symbols": ["derive"], "postprocess": id},
    {"name": "statement", "symbols": ["claim"], "postprocess": id},
    {"name": "definition", "symbols": ["name", (tokenTypes.has("equals") ? {type: "equals"} : equals), "expression"], "postprocess": (d) => S.define(d[0], d[2])},
    {"name": "derive", "symbols": [(tokenTypes.has("derive") ? {type: "derive"} : derive), "name", (tokenTypes.has("wrt") ? {type: "wrt"} : wrt), "names"], "postprocess": (d) => S.derive(d[0], d[1], d[3])},
    {"name": "names", "symbols": ["name"], "postprocess": (d) => S.list(d[0])},
    {"name": "names", "symbols": ["names", (tokenTypes.has("comma") ? {type: "comma"} : comma), "name"], "postprocess": (d) => S.append(d[0], d[2])},
    {"name": "claim", "symbols": [(tokenTypes.has("claim") ? {type: "claim"} : claim), "expression", (tokenTypes.has("equals") ? {type: "equals"} : equals), "expression"], "postprocess": (d) => S.claim(d[0], d[1], d[3])},
    {"name": "expression", "symbols": ["sum"], "postprocess": id},
    {"name": "sum", "symbols": ["sum", (tokenTypes.has("plus") ? {type: "plus"} : plus), "product"], "postprocess": (d) => S.binary(d[0], d[1], d[2])},
    {"name": "sum", "symbols": ["sum", (tokenTypes.has("minus") ? {type: "minus"} : minus), "product"], "postprocess": (d) => S.binary(d[0], d[1], d[2])},
    {"name": "sum", "symbols": ["product"], "postprocess": id},
    {"name": "product", "symbols": ["product", (tokenTypes.has("times") ? {type: "times"} : times), "unary"], "postprocess": (d) => S.binary(d[0], d[1], d[2])},
    {"name": "product", "symbols": ["product", (tokenTypes.has("divide") ? {type: "divide"} : divide), "unary"], "postprocess": (d) => S.binary(d[0], d[1], d[2])},
    {"name": "product", "symbols": ["product", (tokenTypes.has("implicit") ? {type: "implicit"} : implicit), "unary"], "postprocess": (d) => S.binary(d[0], d[1], d[2])},
    {"name": "product", "symbols": ["unary"], "postprocess": id},
    {"name": "unary", "symbols": [(tokenTypes.has("minus") ? {type: "minus"} : minus), "unary"], "postprocess": (d) => S.unary(d[0], d[1])},
    {"name": "unary", "symbols": [(tokenTypes.has("plus") ? {type: "plus"} : plus), "unary"], "postprocess": (d) => S.unary(d[0], d[1])},
    {"name": "unary", "symbols": ["power"], "postprocess": id},
    {"name": "power", "symbols": ["primary", (tokenTypes.has("caret") ? {type: "caret"} : caret), "exponent"], "postprocess": (d) => S.binary(d[0], d[1], d[2])},
    {"name": "power", "symbols": ["primary"], "postprocess": id},
    {"name": "exponent", "symbols": [(tokenTypes.has("minus") ? {type: "minus"} : minus), "exponent"], "postprocess": (d) => S.unary(d[0], d[1])},
    {"name": "exponent", "symbols": [(tokenTypes.has("plus") ? {type: "plus"} : plus), "exponent"], "postprocess": (d) => S.unary(d[0], d[1])},
    {"name": "exponent", "symbols": ["power"], "postprocess": id},
    {"name": "primary", "symbols": [(tokenTypes.has("number") ? {type: "number"} : number)], "postprocess": (d) => S.number(d[0])},
    {"name": "primary", "symbols": ["name"], "postprocess": id},
    {"name": "primary", "symbols": [(tokenTypes.has("lparen") ? {type: "lparen"} : lparen), "expression", (tokenTypes.has("rparen") ? {type: "rparen"} : rparen)], "postprocess": (d) => S.group(d[0], d[1], d[2])},
    {"name": "primary", "symbols": ["call"], "postprocess": id},
    {"name": "primary", "symbols": ["derivative"], "postprocess": id},
    {"name": "call", "symbols": [(tokenTypes.has("name") ? {type: "name"} : name), (tokenTypes.has("lparen") ? {type: "lparen"} : lparen), (tokenTypes.has("rparen") ? {type: "rparen"} : rparen)], "postprocess": (d) => S.call(d[0], [], d[2])},
    {"name": "call", "symbols": [(tokenTypes.has("name") ? {type: "name"} : name), (tokenTypes.has("lparen") ? {type: "lparen"} : lparen), "arguments", (tokenTypes.has("rparen") ? {type: "rparen"} : rparen)], "postprocess": (d) => S.call(d[0], d[2], d[3])},
    {"name": "arguments", "symbols": ["expression"], "postprocess": (d) => S.list(d[0])},
    {"name": "arguments", "symbols": ["arguments", (tokenTypes.has("comma") ? {type: "comma"} : comma), "expression"], "postprocess": (d) => S.append(d[0], d[2])},
    {"name": "derivative", "symbols": [(tokenTypes.has("d") ? {type: "d"} : d), (tokenTypes.has("lparen") ? {type: "lparen"} : lparen), "expression", (tokenTypes.has("rparen") ? {type: "rparen"} : rparen), (tokenTypes.has("divide") ? {type: "divide"} : divide), (tokenTypes.has("d") ? {type: "d"} : d), (tokenTypes.has("lparen") ? {type: "lparen"} : lparen), "expression", (tokenTypes.has("rparen") ? {type: "rparen"} : rparen)], "postprocess": (d) => S.derivative('d', d[0], d[2], d[7], d[8])},
    {"name": "derivative", "symbols": [(tokenTypes.has("partial") ? {type: "partial"} : partial), "partialArgument", (tokenTypes.has("divide") ? {type: "divide"} : divide), (tokenTypes.has("partial") ? {type: "partial"} : partial), "partialArgument"], "postprocess": (d) => S.derivative('partial', d[0], d[1], d[4], d[4])},
    {"name": "derivative", "symbols": [(tokenTypes.has("diff") ? {type: "diff"} : diff), (tokenTypes.has("lparen") ? {type: "lparen"} : lparen), "expression", (tokenTypes.has("comma") ? {type: "comma"} : comma), "expression", (tokenTypes.has("rparen") ? {type: "rparen"} : rparen)], "postprocess": (d) => S.derivative('diff', d[0], d[2], d[4], d[5])},
    {"name": "partialArgument", "symbols": ["name"], "postprocess": id},
    {"name": "partialArgument", "symbols": [(tokenTypes.has("lparen") ? {type: "lparen"} : lparen), "expression", (tokenTypes.has("rparen") ? {type: "rparen"} : rparen)], "postprocess": (d) => S.group(d[0], d[1], d[2])},
    {"name": "name", "symbols": [(tokenTypes.has("name") ? {type: "name"} : name)], "postprocess": (d) => S.name(d[0])}
];
let ParserStart = "statement";
export default { Lexer, ParserRules, ParserStart };
