//! Small Python modules made at random from a seed, in the subset both our parser and
//! ruff's accept (Python 2.7 syntax that Python 3 also reads), shaped to exercise a
//! formatter: widths around the line limit, magic trailing commas, parentheses, comments,
//! docstrings and blank lines.

/// SplitMix64: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// Binding strength, lowest first, as in Python's grammar: an operand weaker than its
// place gets parentheses.
const LAMBDA: u8 = 0;
const IF_ELSE: u8 = 1;
const OR: u8 = 2;
const AND: u8 = 3;
const NOT: u8 = 4;
const COMPARE: u8 = 5;
const BIT_OR: u8 = 6;
const UNARY: u8 = 12;
const POWER: u8 = 13;
const PRIMARY: u8 = 14;
const ATOM: u8 = 15;

/// Binary operators by strength (`BIT_OR` up to `*`).
const BINARY: &[(u8, &[&str])] = &[
    (6, &["|"]),
    (7, &["^"]),
    (8, &["&"]),
    (9, &["<<", ">>"]),
    (10, &["+", "-"]),
    (11, &["*", "/", "//", "%"]),
];

const SHORT_NAMES: &[&str] = &["a", "b", "c", "x", "y", "n", "i", "k", "os", "env"];
const NAMES: &[&str] = &[
    "value",
    "items",
    "config",
    "result",
    "options",
    "cluster",
    "role",
    "resources",
    "cmdline",
    "instances",
];
const LONG_NAMES: &[&str] = &[
    "very_long_argument_name",
    "another_rather_long_name",
    "process_configuration_value",
    "health_check_interval_secs",
    "production_environment_settings",
];
const WORDS: &[&str] = &[
    "hello", "world", "run", "the", "job", "with", "a", "long", "command", "line", "prod", "devel",
    "www-data", "%s", "{{name}}", "/usr/bin", "echo", "sleep 60", "x=1",
];

/// What a statement may use where it sits.
#[derive(Clone, Copy, Default)]
struct Place {
    in_def: bool,
    in_loop: bool,
}

/// What the modules may hold beyond statements, calls, displays, operators and strings.
#[derive(Clone, Copy, Debug)]
pub struct Features {
    pub lambdas: bool,
    /// `not x`, `-x`, `~x`.
    pub unary: bool,
    /// `a ** b`.
    pub power: bool,
    /// `del a, b[c]`.
    pub del: bool,
    /// Comprehensions and generator expressions.
    pub comprehensions: bool,
}

impl Features {
    pub const ALL: Features = Features {
        lambdas: true,
        unary: true,
        power: true,
        del: true,
        comprehensions: true,
    };
}

/// Makes modules; one per [`Gen::module`] call.
pub struct Gen {
    rng: Rng,
    features: Features,
    /// Spaces per indentation level in the module being made.
    unit: usize,
    /// How much nesting an expression may still have.
    budget: usize,
    /// Statements may still nest this deep.
    nesting: usize,
    /// Percent chance of a comment at each place one may go.
    comments: usize,
    /// Numbers the comments so each one is distinct.
    comment_count: usize,
}

impl Gen {
    pub fn new(seed: u64, features: Features) -> Gen {
        Gen {
            rng: Rng::new(seed),
            features,
            unit: 4,
            budget: 0,
            nesting: 0,
            comments: 0,
            comment_count: 0,
        }
    }

    /// One small module.
    pub fn module(&mut self) -> String {
        self.unit = *self.rng.pick(&[4, 4, 4, 2, 3, 8]);
        self.comments = *self.rng.pick(&[0, 0, 5, 15, 30]);
        self.nesting = 2;
        let mut out = String::new();
        if self.rng.chance(8) {
            out.push_str(&self.docstring(0));
            out.push_str(&self.blank_lines());
        }
        if self.rng.chance(15) {
            out.push_str(&self.import());
            out.push('\n');
            out.push_str(&self.blank_lines());
        }
        let count = 1 + self.rng.below(4);
        for index in 0..count {
            if index > 0 {
                out.push_str(&self.blank_lines());
            }
            out.push_str(&self.stmt(0, Place::default()));
        }
        if self.rng.chance(self.comments) {
            out.push_str(&self.blank_lines());
            out.push_str(&self.own_line_comment(0));
        }
        out
    }

    fn blank_lines(&mut self) -> String {
        "\n".repeat(*self.rng.pick(&[0, 0, 0, 1, 1, 2, 3]))
    }

    fn comment(&mut self) -> String {
        self.comment_count += 1;
        let n = self.comment_count;
        match self.rng.below(5) {
            0 => format!("#comment {n}"),
            1 => format!("# a longer comment that explains something, number {n}"),
            2 => format!("#: special {n}"),
            _ => format!("# note {n}"),
        }
    }

    /// `  # comment` at a line's end, or nothing.
    fn trailing_comment(&mut self) -> String {
        if self.rng.chance(self.comments) {
            format!("  {}", self.comment())
        } else {
            String::new()
        }
    }

    fn own_line_comment(&mut self, level: usize) -> String {
        let comment = self.comment();
        format!("{}{comment}\n", self.indent(level))
    }

    fn indent(&self, level: usize) -> String {
        " ".repeat(level * self.unit)
    }

    fn name(&mut self) -> String {
        let pool = match self.rng.below(10) {
            0..=3 => SHORT_NAMES,
            4..=7 => NAMES,
            _ => LONG_NAMES,
        };
        self.rng.pick(pool).to_string()
    }

    // --- statements ----------------------------------------------------------------

    /// One statement at `level`, with the comments and lines around it; ends in `\n`.
    fn stmt(&mut self, level: usize, place: Place) -> String {
        let mut out = String::new();
        if self.rng.chance(self.comments) {
            out.push_str(&self.own_line_comment(level));
        }
        let compound = self.nesting > 0 && self.rng.chance(35);
        if compound {
            self.nesting -= 1;
            out.push_str(&self.compound(level, place));
            self.nesting += 1;
        } else {
            let simple = self.simple(place);
            let comment = self.trailing_comment();
            out.push_str(&format!("{}{simple}{comment}\n", self.indent(level)));
        }
        out
    }

    fn simple(&mut self, place: Place) -> String {
        loop {
            let choice = self.rng.below(20);
            let stmt = match choice {
                0..=5 => {
                    let target = self.target();
                    let value = self.value();
                    format!("{target} = {value}")
                }
                6 => {
                    let (a, b) = (self.name(), self.name());
                    let value = self.value();
                    format!("{a} = {b} = {value}")
                }
                7 => {
                    let op = self.rng.pick(&["+=", "-=", "*=", "|=", "//=", "**="]);
                    let target = self.target_atom();
                    let value = self.expr(LAMBDA);
                    format!("{target} {op} {value}")
                }
                8..=10 => self.call(),
                11 if place.in_def => match self.rng.below(3) {
                    0 => "return".to_string(),
                    _ => format!("return {}", self.value()),
                },
                12 if place.in_loop => self.rng.pick(&["break", "continue"]).to_string(),
                13 => "pass".to_string(),
                14 => {
                    let test = self.expr(IF_ELSE);
                    if self.rng.chance(50) {
                        format!("assert {test}, {}", self.string())
                    } else {
                        format!("assert {test}")
                    }
                }
                15 if self.features.del => {
                    let count = 1 + self.rng.below(3);
                    let targets: Vec<String> = (0..count).map(|_| self.target_atom()).collect();
                    format!("del {}", targets.join(", "))
                }
                16 => match self.rng.below(3) {
                    0 => "raise".to_string(),
                    _ => format!("raise {}", self.call()),
                },
                17 if place.in_def => format!("global {}", self.name()),
                18 => self.print(),
                19 => self.import(),
                _ => continue,
            };
            return stmt;
        }
    }

    /// A Python 2 `print` in a form Python 3 reads as an expression (ruff must parse it).
    fn print(&mut self) -> String {
        match self.rng.below(6) {
            0 => "print".to_string(),
            1 => "print()".to_string(),
            2 => {
                let count = 1 + self.rng.below(4);
                let args: Vec<String> = (0..count).map(|_| self.expr(IF_ELSE)).collect();
                format!("print({})", args.join(", "))
            }
            3 => format!("print ({}), {}", self.name(), self.name()),
            4 => format!("print >>{}, {}", self.name(), self.name()),
            _ => format!("print (  {}  )", self.string()),
        }
    }

    fn import(&mut self) -> String {
        let names: Vec<String> = (0..1 + self.rng.below(4)).map(|_| self.name()).collect();
        match self.rng.below(4) {
            0 => format!("import {}", names.join(", ")),
            1 => format!("from {} import {}", self.name(), names.join(", ")),
            2 => format!(
                "from .{} import {} as {}",
                self.name(),
                names[0],
                self.name()
            ),
            _ => {
                let comma = if self.rng.chance(30) { "," } else { "" };
                format!("from {} import ({}{comma})", self.name(), names.join(", "))
            }
        }
    }

    /// A statement's value: an expression, sometimes a bare tuple.
    fn value(&mut self) -> String {
        if self.rng.chance(8) {
            let count = 1 + self.rng.below(3);
            let items: Vec<String> = (0..count).map(|_| self.expr(IF_ELSE)).collect();
            let comma = if count == 1 || self.rng.chance(20) {
                ","
            } else {
                ""
            };
            return format!("{}{comma}", items.join(", "));
        }
        self.expr(LAMBDA)
    }

    fn target(&mut self) -> String {
        match self.rng.below(8) {
            0 => format!("{}, {}", self.name(), self.name()),
            1 => format!("({}, {})", self.name(), self.name()),
            _ => self.target_atom(),
        }
    }

    fn target_atom(&mut self) -> String {
        match self.rng.below(6) {
            0 => format!("{}.{}", self.name(), self.name()),
            1 => format!("{}[{}]", self.name(), self.expr(LAMBDA)),
            _ => self.name(),
        }
    }

    fn compound(&mut self, level: usize, place: Place) -> String {
        match self.rng.below(9) {
            0 | 1 => self.def(level, place),
            2 => self.class(level, place),
            3 | 4 => self.if_stmt(level, place),
            5 => self.for_stmt(level, place),
            6 => self.while_stmt(level, place),
            7 => self.try_stmt(level, place),
            _ => self.with_stmt(level, place),
        }
    }

    /// `head:` with a trailing comment, maybe, then the indented body.
    fn block(&mut self, level: usize, head: &str, place: Place, docstring: bool) -> String {
        let comment = self.trailing_comment();
        let mut out = format!("{}{head}:{comment}\n", self.indent(level));
        if self.rng.chance(10) {
            out.push('\n');
        }
        if docstring && self.rng.chance(40) {
            out.push_str(&self.docstring(level + 1));
            if self.rng.chance(20) {
                return out;
            }
            out.push_str(&self.blank_lines());
        }
        let count = 1 + self.rng.below(3);
        for index in 0..count {
            if index > 0 {
                out.push_str(&self.blank_lines());
            }
            out.push_str(&self.stmt(level + 1, place));
        }
        if self.rng.chance(self.comments / 2) {
            out.push_str(&self.own_line_comment(level + 1));
        }
        out
    }

    fn docstring(&mut self, level: usize) -> String {
        let indent = self.indent(level);
        let quote = if self.rng.chance(70) { "\"\"\"" } else { "'''" };
        let count = 2 + self.rng.below(8);
        let summary = self.words(count);
        match self.rng.below(4) {
            0 | 1 => format!("{indent}{quote}{summary}{quote}\n"),
            2 => format!("{indent}{quote} {summary}  {quote}\n"),
            _ => {
                let count = 3 + self.rng.below(12);
                let more = self.words(count);
                let extra = " ".repeat(self.rng.below(3) * 2);
                format!("{indent}{quote}{summary}\n\n{indent}{extra}{more}\n{indent}{quote}\n")
            }
        }
    }

    fn words(&mut self, count: usize) -> String {
        let words: Vec<&str> = (0..count).map(|_| *self.rng.pick(WORDS)).collect();
        let mut text = words.join(" ");
        if let Some(first) = text.get(..1) {
            text = first.to_uppercase() + &text[1..];
        }
        text + "."
    }

    fn decorators(&mut self, level: usize) -> String {
        let mut out = String::new();
        for _ in 0..self.rng.below(3) {
            // Python 2 allows a dotted name, maybe called.
            let mut decorator = self.name();
            if self.rng.chance(30) {
                decorator = format!("{decorator}.{}", self.name());
            }
            if self.rng.chance(40) {
                decorator.push_str(&self.arguments());
            }
            let comment = self.trailing_comment();
            out.push_str(&format!("{}@{decorator}{comment}\n", self.indent(level)));
        }
        out
    }

    fn def(&mut self, level: usize, place: Place) -> String {
        let decorators = self.decorators(level);
        let mut params = Vec::new();
        for _ in 0..self.rng.below(5) {
            let name = self.name();
            if params.iter().any(|p: &String| p.starts_with(&name)) {
                continue;
            }
            if self.rng.chance(40) || params.iter().any(|p: &String| p.contains('=')) {
                params.push(format!("{name}={}", self.expr(IF_ELSE)));
            } else {
                params.push(name);
            }
        }
        if self.rng.chance(15) {
            params.push("*args".to_string());
        }
        if self.rng.chance(15) {
            params.push("**kwargs".to_string());
        }
        let comma = if !params.is_empty()
            && !params.last().is_some_and(|p| p.starts_with('*'))
            && self.rng.chance(15)
        {
            ","
        } else {
            ""
        };
        let head = format!("def {}({}{comma})", self.name(), params.join(", "));
        let body_place = Place {
            in_def: true,
            in_loop: false,
        };
        let _ = place;
        decorators + &self.block(level, &head, body_place, true)
    }

    fn class(&mut self, level: usize, place: Place) -> String {
        let decorators = self.decorators(level);
        let name = self
            .rng
            .pick(&["Job", "Profile", "HelloWorld", "Base"])
            .to_string();
        let bases = match self.rng.below(4) {
            0 => String::new(),
            1 => "()".to_string(),
            2 => "(object)".to_string(),
            _ => format!("({}, {})", self.name(), self.name()),
        };
        let head = format!("class {name}{bases}");
        let _ = place;
        decorators + &self.block(level, &head, Place::default(), true)
    }

    fn if_stmt(&mut self, level: usize, place: Place) -> String {
        let test = self.expr(IF_ELSE);
        let mut out = self.block(level, &format!("if {test}"), place, false);
        for _ in 0..self.rng.below(2) {
            let test = self.expr(IF_ELSE);
            out.push_str(&self.clause_lead(level));
            out.push_str(&self.block(level, &format!("elif {test}"), place, false));
        }
        if self.rng.chance(40) {
            out.push_str(&self.clause_lead(level));
            out.push_str(&self.block(level, "else", place, false));
        }
        out
    }

    /// What may stand before `else`/`elif`/`except`: a blank line or a comment.
    fn clause_lead(&mut self, level: usize) -> String {
        let mut out = String::new();
        if self.rng.chance(10) {
            out.push('\n');
        }
        if self.rng.chance(self.comments / 2) {
            out.push_str(&self.own_line_comment(level));
        }
        out
    }

    fn for_stmt(&mut self, level: usize, place: Place) -> String {
        let target = match self.rng.below(4) {
            0 => format!("{}, {}", self.name(), self.name()),
            1 => format!("({}, {})", self.name(), self.name()),
            _ => self.name(),
        };
        let iter = self.value();
        let body = Place {
            in_loop: true,
            ..place
        };
        let mut out = self.block(level, &format!("for {target} in {iter}"), body, false);
        if self.rng.chance(15) {
            out.push_str(&self.clause_lead(level));
            out.push_str(&self.block(level, "else", place, false));
        }
        out
    }

    fn while_stmt(&mut self, level: usize, place: Place) -> String {
        let test = self.expr(IF_ELSE);
        let body = Place {
            in_loop: true,
            ..place
        };
        self.block(level, &format!("while {test}"), body, false)
    }

    fn try_stmt(&mut self, level: usize, place: Place) -> String {
        let mut out = self.block(level, "try", place, false);
        let handlers = self.rng.below(3);
        for index in 0..handlers {
            let head = match self.rng.below(4) {
                // A bare `except:` must be the last.
                0 if index + 1 == handlers => "except".to_string(),
                0 => format!("except {}", self.name()),
                1 => format!("except {}", self.name()),
                2 => format!("except ({}, {}) as e", self.name(), self.name()),
                _ => format!("except {} as e", self.name()),
            };
            out.push_str(&self.clause_lead(level));
            out.push_str(&self.block(level, &head, place, false));
        }
        if handlers > 0 && self.rng.chance(20) {
            out.push_str(&self.clause_lead(level));
            out.push_str(&self.block(level, "else", place, false));
        }
        if handlers == 0 || self.rng.chance(20) {
            out.push_str(&self.clause_lead(level));
            // Python 2 allows no `continue` in a `finally` clause.
            let finally = Place {
                in_loop: false,
                ..place
            };
            out.push_str(&self.block(level, "finally", finally, false));
        }
        out
    }

    fn with_stmt(&mut self, level: usize, place: Place) -> String {
        let count = 1 + self.rng.below(2);
        let items: Vec<String> = (0..count)
            .map(|_| {
                let context = self.call();
                if self.rng.chance(60) {
                    format!("{context} as {}", self.name())
                } else {
                    context
                }
            })
            .collect();
        self.block(level, &format!("with {}", items.join(", ")), place, false)
    }

    // --- expressions ---------------------------------------------------------------

    /// An expression that may stand where `min` or stronger binds.
    fn expr(&mut self, min: u8) -> String {
        self.budget = 1 + self.rng.below(3);
        self.sub(min)
    }

    /// A nested expression: gets parentheses when it binds weaker than `min`, sometimes
    /// redundant ones too.
    fn sub(&mut self, min: u8) -> String {
        let (text, strength) = if self.budget == 0 {
            (self.atom(), ATOM)
        } else {
            self.budget -= 1;
            let made = self.compound_expr();
            self.budget += 1;
            made
        };
        if strength < min || self.rng.chance(4) {
            format!("({text})")
        } else {
            text
        }
    }

    fn compound_expr(&mut self) -> (String, u8) {
        let features = self.features;
        let choice = loop {
            let choice = self.rng.below(24);
            let allowed = match choice {
                11 => features.comprehensions,
                15 | 17 => features.unary,
                18 => features.power,
                20 => features.lambdas,
                _ => true,
            };
            if allowed {
                break choice;
            }
        };
        match choice {
            0..=3 => (self.atom(), ATOM),
            4 | 5 => (self.call(), PRIMARY),
            6 => {
                let value = self.primary();
                (format!("{value}.{}", self.name()), PRIMARY)
            }
            7 => (self.subscript(), PRIMARY),
            8 => (self.list(), ATOM),
            9 => (self.tuple(), ATOM),
            10 => (self.dict(), ATOM),
            11 => (self.comprehension(), ATOM),
            12 | 13 => {
                let (strength, ops) = *self.rng.pick(BINARY);
                let count = 2 + self.rng.below(3);
                let mut text = self.sub(strength);
                for _ in 1..count {
                    let op = self.rng.pick(ops);
                    text = format!("{text} {op} {}", self.sub(strength + 1));
                }
                (text, strength)
            }
            14 => {
                let (op, strength) = *self.rng.pick(&[("and", AND), ("or", OR)]);
                let count = 2 + self.rng.below(3);
                let parts: Vec<String> = (0..count).map(|_| self.sub(strength + 1)).collect();
                (parts.join(&format!(" {op} ")), strength)
            }
            15 => (format!("not {}", self.sub(NOT)), NOT),
            16 => {
                let ops = ["<", ">", "==", "!=", "<=", "in", "not in", "is", "is not"];
                let mut text = self.sub(BIT_OR);
                for _ in 0..1 + self.rng.below(2) {
                    text = format!("{text} {} {}", self.rng.pick(&ops), self.sub(BIT_OR));
                }
                (text, COMPARE)
            }
            17 => {
                let op = self.rng.pick(&["-", "+", "~"]);
                (format!("{op}{}", self.sub(UNARY)), UNARY)
            }
            18 => {
                let base = self.sub(PRIMARY);
                (format!("{base} ** {}", self.sub(UNARY)), POWER)
            }
            19 => {
                let body = self.sub(OR);
                let test = self.sub(OR);
                (
                    format!("{body} if {test} else {}", self.sub(IF_ELSE)),
                    IF_ELSE,
                )
            }
            20 => (self.lambda(), LAMBDA),
            21 => (self.implicit_concatenation(), ATOM),
            22 => (self.set(), ATOM),
            _ => (self.string(), ATOM),
        }
    }

    /// Something an attribute, call or subscript may follow.
    fn primary(&mut self) -> String {
        match self.rng.below(6) {
            0 if self.budget > 0 => {
                self.budget -= 1;
                let call = self.call();
                self.budget += 1;
                call
            }
            1 => format!("{}.{}", self.name(), self.name()),
            _ => self.name(),
        }
    }

    fn atom(&mut self) -> String {
        match self.rng.below(12) {
            0..=4 => self.name(),
            5 | 6 => self.number(),
            7..=9 => self.string(),
            10 => self.rng.pick(&["True", "False", "None"]).to_string(),
            _ => format!("{}.{}", self.name(), self.name()),
        }
    }

    fn number(&mut self) -> String {
        let n = self.rng.below(5000);
        match self.rng.below(10) {
            0 => format!("0X{n:X}"),
            1 => format!("0x{n:x}"),
            2 => format!("{n}.{}", self.rng.below(100)),
            3 => format!(".{}", 1 + self.rng.below(9)),
            4 => format!("{n}."),
            5 => format!("{n}E{}", self.rng.below(10)),
            6 => format!("{n}e-{}", self.rng.below(10)),
            _ => n.to_string(),
        }
    }

    fn string(&mut self) -> String {
        let prefix = *self.rng.pick(&["", "", "", "", "", "r", "R", "b", "B"]);
        let raw = prefix.contains(['r', 'R']);
        let quote = if self.rng.chance(50) { '\'' } else { '"' };
        let count = match self.rng.below(10) {
            0 => 0,
            1..=6 => 1 + self.rng.below(3),
            _ => 4 + self.rng.below(14),
        };
        let mut body = String::new();
        for index in 0..count {
            if index > 0 {
                body.push(' ');
            }
            let word = *self.rng.pick(WORDS);
            body.push_str(word);
            match self.rng.below(30) {
                0 => body.push('\''),
                1 => body.push('"'),
                2 if !raw => body.push_str("\\n"),
                3 => body.push_str("\\t"),
                4 => body.push_str("\\\\"),
                5 if !raw => body.push_str("\\x4A"),
                _ => {}
            }
        }
        let escaped: String = body
            .chars()
            .flat_map(|c| if c == quote { vec!['\\', c] } else { vec![c] })
            .collect();
        if self.rng.chance(5) && !escaped.ends_with(quote) && !escaped.contains(quote) {
            let q = quote.to_string().repeat(3);
            return format!("{prefix}{q}{escaped}{q}");
        }
        format!("{prefix}{quote}{escaped}{quote}")
    }

    fn implicit_concatenation(&mut self) -> String {
        let count = 2 + self.rng.below(2);
        let parts: Vec<String> = (0..count).map(|_| self.string()).collect();
        // Mixing bytes and text is an error in Python 3.
        let bytes = parts[0].starts_with(['b', 'B']);
        let parts: Vec<String> = parts
            .into_iter()
            .map(|part| match (bytes, part.starts_with(['b', 'B'])) {
                // No `br`: see `string`.
                (true, false) => format!("b{}", part.trim_start_matches(['r', 'R'])),
                (false, true) => part[1..].to_string(),
                _ => part,
            })
            .collect();
        format!("({})", parts.join(" "))
    }

    /// `n` items: more often few, sometimes enough to break.
    fn item_count(&mut self) -> usize {
        match self.rng.below(10) {
            0 => 0,
            1..=6 => 1 + self.rng.below(3),
            _ => 3 + self.rng.below(6),
        }
    }

    /// `open items close`, maybe with a magic trailing comma, maybe over several lines
    /// with comments.
    fn sequence(&mut self, open: &str, close: &str, items: Vec<String>, comma: bool) -> String {
        let magic = !items.is_empty() && comma && self.rng.chance(20);
        let trailing = if magic { "," } else { "" };
        if items.is_empty() || !self.rng.chance(self.comments * 2) {
            return format!("{open}{}{trailing}{close}", items.join(", "));
        }
        let mut out = open.to_string();
        out.push_str(&self.trailing_comment());
        out.push('\n');
        let count = items.len();
        for (index, item) in items.into_iter().enumerate() {
            if self.rng.chance(self.comments) {
                out.push_str(&format!("    {}\n", self.comment()));
            }
            let comma = if index + 1 < count { "," } else { trailing };
            let comment = self.trailing_comment();
            out.push_str(&format!("    {item}{comma}{comment}\n"));
        }
        if self.rng.chance(self.comments) {
            out.push_str(&format!("    {}\n", self.comment()));
        }
        out.push_str(close);
        out
    }

    fn call(&mut self) -> String {
        let func = self.primary();
        let args = self.arguments();
        format!("{func}{args}")
    }

    /// `(arguments)` of a call.
    fn arguments(&mut self) -> String {
        let mut args = Vec::new();
        let count = self.item_count();
        let mut keywords = false;
        let mut names: Vec<String> = Vec::new();
        for _ in 0..count {
            if keywords || self.rng.chance(40) {
                keywords = true;
                let name = self.name();
                if names.contains(&name) {
                    continue;
                }
                names.push(name.clone());
                args.push(format!("{name}={}", self.sub(LAMBDA)));
            } else {
                args.push(self.sub(LAMBDA));
            }
        }
        let mut stars = false;
        if self.rng.chance(8) {
            args.push(format!("*{}", self.name()));
            stars = true;
        }
        if self.rng.chance(8) {
            args.push(format!("**{}", self.name()));
            stars = true;
        }
        if args.is_empty() && self.features.comprehensions && self.rng.chance(15) {
            return format!("({})", self.generator_body());
        }
        self.sequence("(", ")", args, !stars)
    }

    fn subscript(&mut self) -> String {
        let value = self.primary();
        let index = match self.rng.below(8) {
            0 => format!("{}:{}", self.sub(OR), self.sub(OR)),
            1 => format!(":{}", self.sub(OR)),
            2 => format!("{}:", self.sub(OR)),
            3 => format!("::{}", self.sub(OR)),
            4 => format!("{}, {}", self.sub(IF_ELSE), self.sub(IF_ELSE)),
            5 => format!("{}:{}:{}", self.number(), self.number(), self.name()),
            _ => self.sub(LAMBDA),
        };
        format!("{value}[{index}]")
    }

    fn items(&mut self, min: u8) -> Vec<String> {
        let count = self.item_count();
        (0..count).map(|_| self.sub(min)).collect()
    }

    fn list(&mut self) -> String {
        let items = self.items(IF_ELSE);
        self.sequence("[", "]", items, true)
    }

    fn set(&mut self) -> String {
        let mut items = self.items(IF_ELSE);
        if items.is_empty() {
            items.push(self.atom());
        }
        self.sequence("{", "}", items, true)
    }

    fn tuple(&mut self) -> String {
        let items = self.items(IF_ELSE);
        match items.len() {
            0 => "()".to_string(),
            1 => format!("({},)", items[0]),
            _ => self.sequence("(", ")", items, true),
        }
    }

    fn dict(&mut self) -> String {
        let count = self.item_count();
        let items = (0..count)
            .map(|_| {
                let key = if self.rng.chance(70) {
                    self.string()
                } else {
                    self.sub(IF_ELSE)
                };
                format!("{key}: {}", self.sub(LAMBDA))
            })
            .collect();
        self.sequence("{", "}", items, true)
    }

    /// `element for target in iter [if test]`.
    fn generator_body(&mut self) -> String {
        let element = self.sub(IF_ELSE);
        self.generator_clauses(element)
    }

    fn generator_clauses(&mut self, element: String) -> String {
        let target = if self.rng.chance(30) {
            format!("{}, {}", self.name(), self.name())
        } else {
            self.name()
        };
        let iter = self.sub(OR);
        let mut out = format!("{element} for {target} in {iter}");
        if self.rng.chance(40) {
            out.push_str(&format!(" if {}", self.sub(OR)));
        }
        out
    }

    fn comprehension(&mut self) -> String {
        match self.rng.below(4) {
            0 => {
                let key = self.sub(IF_ELSE);
                let value = self.sub(IF_ELSE);
                let body = self.generator_clauses(format!("{key}: {value}"));
                format!("{{{body}}}")
            }
            1 => format!("({})", self.generator_body()),
            _ => format!("[{}]", self.generator_body()),
        }
    }

    fn lambda(&mut self) -> String {
        let mut defaults = false;
        let params: Vec<String> = (0..self.rng.below(3))
            .map(|index| {
                let name = SHORT_NAMES[index].to_string();
                // Once one parameter has a default, every later one needs one.
                defaults |= self.rng.chance(30);
                if defaults {
                    format!("{name}={}", self.atom())
                } else {
                    name
                }
            })
            .collect();
        let body = self.sub(LAMBDA);
        if params.is_empty() {
            format!("lambda: {body}")
        } else {
            format!("lambda {}: {body}", params.join(", "))
        }
    }
}
