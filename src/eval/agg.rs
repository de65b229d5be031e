//! Aggregate accumulators: one per (group, aggregate), filled record by
//! record, merged across chunks in chunk order, finished into a value.
//!
//! Mean and spread use the weighted Welford update and Chan's merge, so `cv`
//! stays accurate in one pass and partial results combine exactly the same
//! way whatever the number of threads.

use crate::model::{AggFn, Aggregate, Type};
use crate::value::{Date, Value};

/// The running state of one aggregate over one group.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Acc {
    /// Records for which the aggregate's `where` held (all for `count()`).
    pub count: u64,
    /// Present values seen.
    pub n: u64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
    /// Total weight, weighted mean, and Σw(x − mean)².
    pub weight: f64,
    pub mean: f64,
    pub m2: f64,
}

impl Acc {
    /// Adds one present value with its weight (1 unless `cv(E, W)`).
    pub fn add(&mut self, x: f64, w: f64) {
        self.widen(x);
        self.n += 1;
        self.sum += x;
        if w > 0.0 {
            let total = self.weight + w;
            let delta = x - self.mean;
            self.mean += delta * w / total;
            self.m2 += w * delta * (x - self.mean);
            self.weight = total;
        }
    }

    /// Adds one present value for `func`, keeping only the state that
    /// [`Acc::finish`] reads for it (a sum needs no spread): the same
    /// value as [`Acc::add`] for that function.
    #[inline]
    pub fn add_for(&mut self, func: AggFn, x: f64, w: f64) {
        match func {
            AggFn::Sum | AggFn::Avg => {
                self.n += 1;
                self.sum += x;
            }
            AggFn::Min | AggFn::Max => {
                self.widen(x);
                self.n += 1;
            }
            AggFn::Count | AggFn::Cv => self.add(x, w),
        }
    }

    /// Takes `x` into the range (the first value sets it).
    #[inline]
    fn widen(&mut self, x: f64) {
        if self.n == 0 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
    }

    /// Folds a later chunk's state into this one.
    pub fn merge(&mut self, other: &Acc) {
        self.count += other.count;
        if other.n > 0 {
            if self.n == 0 {
                self.min = other.min;
                self.max = other.max;
            } else {
                self.min = self.min.min(other.min);
                self.max = self.max.max(other.max);
            }
        }
        self.n += other.n;
        self.sum += other.sum;
        if other.weight > 0.0 {
            let total = self.weight + other.weight;
            let delta = other.mean - self.mean;
            self.mean += delta * other.weight / total;
            self.m2 += other.m2 + delta * delta * self.weight * other.weight / total;
            self.weight = total;
        }
    }

    /// The aggregate's value; missing over no present value (as in SQL).
    pub fn finish(&self, agg: &Aggregate) -> Value<'static> {
        if agg.func == AggFn::Count {
            return Value::Num(self.count as f64);
        }
        if self.n == 0 {
            return Value::Missing;
        }
        let is_date = agg.arg.as_ref().is_some_and(|a| a.ty == Type::Date);
        let value = match agg.func {
            AggFn::Count => self.count as f64,
            AggFn::Sum => self.sum,
            AggFn::Avg => self.sum / self.n as f64,
            AggFn::Min => self.min,
            AggFn::Max => self.max,
            AggFn::Cv => {
                if self.weight <= 0.0 {
                    return Value::Missing;
                }
                let sd = (self.m2.max(0.0) / self.weight).sqrt();
                match crate::eval::expr::arithmetic(crate::syntax::ast::BinOp::Div, sd, self.mean) {
                    Value::Num(cv) => cv,
                    _ => return Value::Missing,
                }
            }
        };
        if is_date && matches!(agg.func, AggFn::Min | AggFn::Max) {
            Value::Date(Date(value as i32))
        } else {
            Value::Num(value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn agg(func: AggFn) -> Aggregate {
        Aggregate {
            func,
            arg: None,
            weight: None,
            filter: None,
            text: String::new(),
            span: Span::default(),
        }
    }

    fn num(v: Value<'_>) -> f64 {
        match v {
            Value::Num(n) => n,
            other => panic!("not a number: {other:?}"),
        }
    }

    /// The golden check of the national balanced-development method: five
    /// schools' books per student, weighted by students.
    #[test]
    fn weighted_cv_matches_the_national_method() {
        let students = [45.0, 37.0, 89.0, 76.0, 55.0];
        let books = [279.0, 137.0, 935.0, 160.0, 402.0];
        let mut weighted = Acc::default();
        let mut plain = Acc::default();
        for (s, b) in students.iter().zip(books) {
            weighted.add(b / s, *s);
            plain.add(b / s, 1.0);
        }
        let cv = num(weighted.finish(&agg(AggFn::Cv)));
        assert!((cv - 0.5153).abs() < 5e-5, "weighted cv {cv}");
        let cv = num(plain.finish(&agg(AggFn::Cv)));
        assert!((cv - 0.4888).abs() < 5e-5, "unweighted cv {cv}");
    }

    #[test]
    fn merging_chunks_equals_one_pass() {
        let xs = [3.0, 9.5, 1.25, 40.0, 7.0, 7.0, 0.5];
        let mut whole = Acc::default();
        xs.iter().for_each(|&x| whole.add(x, 2.0));
        let (mut left, mut right) = (Acc::default(), Acc::default());
        xs[..3].iter().for_each(|&x| left.add(x, 2.0));
        xs[3..].iter().for_each(|&x| right.add(x, 2.0));
        left.merge(&right);
        for f in [AggFn::Sum, AggFn::Avg, AggFn::Min, AggFn::Max, AggFn::Cv] {
            let (a, b) = (num(whole.finish(&agg(f))), num(left.finish(&agg(f))));
            assert!((a - b).abs() < 1e-12, "{f:?}: {a} vs {b}");
        }
    }

    /// `add_for` keeps what `finish` reads: the same values as `add`, also
    /// after merging chunks.
    #[test]
    fn adding_for_a_function_finishes_as_adding_everything() {
        let xs = [3.0, -9.5, 1.25, 40.0, 7.0, 0.0, -0.0, 1e300];
        for f in [AggFn::Sum, AggFn::Avg, AggFn::Min, AggFn::Max, AggFn::Cv] {
            for cut in 0..xs.len() {
                let (mut left, mut right) = (Acc::default(), Acc::default());
                xs[..cut].iter().for_each(|&x| left.add_for(f, x, 1.5));
                xs[cut..].iter().for_each(|&x| right.add_for(f, x, 1.5));
                let mut whole = Acc::default();
                whole.merge(&left);
                whole.merge(&right);
                let mut b = Acc::default();
                xs[..cut].iter().for_each(|&x| b.add(x, 1.5));
                let mut c = Acc::default();
                xs[cut..].iter().for_each(|&x| c.add(x, 1.5));
                b.merge(&c);
                assert_eq!(
                    whole.finish(&agg(f)),
                    b.finish(&agg(f)),
                    "{f:?} cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn no_values_is_missing_but_count_is_zero() {
        let empty = Acc::default();
        assert_eq!(empty.finish(&agg(AggFn::Sum)), Value::Missing);
        assert_eq!(empty.finish(&agg(AggFn::Count)), Value::Num(0.0));
    }
}
