//! The dependency graph's algorithms for validation, each linear in the
//! edges (or, for the services each failure reaches, in the edges times the
//! services / 512), so that a large legal file validates in a blink and a
//! tangled one is reported in a few lines: reverse edges, the tangles of
//! capabilities that depend on one another with the shortest cycle of each,
//! and the services each capability's failure degrades.

use super::file::Layer;
use super::ids::CapIx;
use super::scenario::ResolvedCapability;
use std::collections::VecDeque;

/// Edges the searches for a shorter cycle may visit in all, beyond the one
/// breadth-first search each tangle always gets.
const CYCLE_SEARCH_EDGES: usize = 2_000_000;

/// The shortest cycle found in each tangle (a strongly connected component
/// of two or more capabilities), as the capabilities along it from its
/// first, with the size of its tangle; the shortest first, ties in file order.
pub(super) fn shortest_cycles(caps: &[ResolvedCapability]) -> Vec<(Vec<usize>, usize)> {
    let mut search = LoopSearch::new(caps.len());
    // Every tangle has a cycle, so none is empty; the filter keeps that from being a panic.
    let mut found: Vec<(Vec<usize>, usize)> = tangles(caps)
        .iter()
        .map(|t| (search.shortest(caps, t), t.len()))
        .filter(|(cycle, _)| !cycle.is_empty())
        .collect();
    found.sort_by_key(|(cycle, _)| (cycle.len(), cycle.first().copied()));
    found
}

/// Reverse dependency edges: for each capability, who depends on it directly.
pub(super) fn direct_dependents(caps: &[ResolvedCapability]) -> Vec<Vec<CapIx>> {
    // Counted first, so each list is allocated once at its size.
    let mut count = vec![0; caps.len()];
    for d in caps.iter().flat_map(|c| &c.deps) {
        count[d.get()] += 1;
    }
    let mut dependents: Vec<Vec<CapIx>> = count.into_iter().map(Vec::with_capacity).collect();
    for (i, c) in caps.iter().enumerate() {
        for d in &c.deps {
            dependents[d.get()].push(CapIx(i as u32));
        }
    }
    dependents
}

/// The tangles of a dependency graph: its strongly connected components
/// of two or more capabilities, each sorted, in the order found. Tarjan's
/// algorithm, iterative so a long chain cannot overflow the stack.
fn tangles(caps: &[ResolvedCapability]) -> Vec<Vec<usize>> {
    const UNSEEN: u32 = u32::MAX;
    let n = caps.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut calls: Vec<(usize, usize)> = Vec::new();
    let mut next = 0u32;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        calls.push((root, 0));
        while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
            if let Some(&w) = caps[v].deps.get(*edge) {
                *edge += 1;
                let w = w.get();
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut tangle = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    tangle.push(w);
                    if w == v {
                        break;
                    }
                }
                if tangle.len() > 1 {
                    tangle.sort_unstable();
                    out.push(tangle);
                }
            }
        }
    }
    out
}

/// Breadth-first searches for the shortest cycle of a tangle, sharing their
/// scratch arrays (marked by a stamp per search rather than cleared) and one
/// budget of edges.
struct LoopSearch {
    /// The tangle each capability belongs to, by its first member.
    member: Vec<usize>,
    stamp: Vec<u32>,
    parent: Vec<usize>,
    dist: Vec<u32>,
    searches: u32,
    budget: usize,
}

impl LoopSearch {
    fn new(n: usize) -> Self {
        Self {
            member: vec![usize::MAX; n],
            stamp: vec![0; n],
            parent: vec![0; n],
            dist: vec![0; n],
            searches: 0,
            budget: CYCLE_SEARCH_EDGES,
        }
    }

    /// The shortest cycle found in a tangle, as the capabilities along it
    /// from its first one. The search from the tangle's first capability
    /// always runs, which finds a cycle; searches from the others run while
    /// the budget lasts, each stopping at the length of the best so far.
    fn shortest(&mut self, caps: &[ResolvedCapability], tangle: &[usize]) -> Vec<usize> {
        for &n in tangle {
            self.member[n] = tangle[0];
        }
        let mut best: Vec<usize> = Vec::new();
        for (k, &start) in tangle.iter().enumerate() {
            if k > 0 && (self.budget == 0 || best.len() <= 2) {
                break;
            }
            if let Some(cycle) = self.from(caps, start, tangle[0], best.len(), k == 0) {
                best = cycle;
            }
        }
        best
    }

    /// The shortest cycle through `start` if it is shorter than `bound`
    /// (0: no bound), staying inside the tangle.
    fn from(
        &mut self,
        caps: &[ResolvedCapability],
        start: usize,
        tangle: usize,
        bound: usize,
        always: bool,
    ) -> Option<Vec<usize>> {
        self.searches += 1;
        let stamp = self.searches;
        self.stamp[start] = stamp;
        self.dist[start] = 0;
        let mut queue = VecDeque::from([start]);
        while let Some(v) = queue.pop_front() {
            let d = self.dist[v] as usize;
            if bound > 0 && d + 1 >= bound {
                return None;
            }
            for w in caps[v].deps.iter().map(|w| w.get()) {
                if !always {
                    if self.budget == 0 {
                        return None;
                    }
                    self.budget -= 1;
                }
                if w == start {
                    // Parents lead back to the start: each was reached from it.
                    let mut cycle = vec![v];
                    let mut at = v;
                    while at != start {
                        at = self.parent[at];
                        cycle.push(at);
                    }
                    cycle.reverse();
                    return Some(cycle);
                }
                if self.member[w] == tangle && self.stamp[w] != stamp {
                    self.stamp[w] = stamp;
                    self.parent[w] = v;
                    self.dist[w] = self.dist[v] + 1;
                    queue.push_back(w);
                }
            }
        }
        None
    }
}

/// For each capability, the services that depend on it directly or through
/// others (a service is affected by its own failure too), sorted. Assumes no
/// cycles. Services are taken 512 at a time, a bit each; a pass visits, in
/// topological order, the capabilities those services depend on (directly or
/// not) and ORs each one's bits into those it depends on. The work is at most
/// (capabilities + edges) × services / 512, and only what a pass reaches when
/// the graph falls into separate parts; the scratch memory is eight words a
/// capability.
pub(super) fn affected_services(caps: &[ResolvedCapability], dependents: &[Vec<CapIx>]) -> Vec<Vec<CapIx>> {
    const WORDS: usize = 8;
    let n = caps.len();
    // Kahn's order: a capability comes after everything that depends on it.
    let mut waiting: Vec<usize> = dependents.iter().map(Vec::len).collect();
    let mut order: Vec<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
    let mut k = 0;
    while let Some(&c) = order.get(k) {
        k += 1;
        for d in &caps[c].deps {
            waiting[d.get()] -= 1;
            if waiting[d.get()] == 0 {
                order.push(d.get());
            }
        }
    }
    let mut rank = vec![0; n];
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r;
    }
    let services: Vec<usize> = (0..n).filter(|&i| caps[i].layer == Layer::Service).collect();
    let mut out = vec![Vec::new(); n];
    let mut bits = vec![[0u64; WORDS]; n];
    let mut reached = vec![usize::MAX; n];
    for (pass, chunk) in services.chunks(WORDS * 64).enumerate() {
        // What the chunk's services depend on, directly or not.
        let mut touched: Vec<usize> = Vec::new();
        for (j, &s) in chunk.iter().enumerate() {
            bits[s][j / 64] |= 1 << (j % 64);
            if reached[s] != pass {
                reached[s] = pass;
                touched.push(s);
            }
        }
        let mut k = 0;
        while let Some(&c) = touched.get(k) {
            k += 1;
            for d in &caps[c].deps {
                if reached[d.get()] != pass {
                    reached[d.get()] = pass;
                    touched.push(d.get());
                }
            }
        }
        touched.sort_unstable_by_key(|&c| rank[c]);
        for &c in &touched {
            let mine = bits[c];
            for d in &caps[c].deps {
                let theirs = &mut bits[d.get()];
                for w in 0..WORDS {
                    theirs[w] |= mine[w];
                }
            }
        }
        for &c in &touched {
            let more: u32 = bits[c].iter().map(|w| w.count_ones()).sum();
            out[c].reserve_exact(more as usize);
            for (w, word) in std::mem::take(&mut bits[c]).into_iter().enumerate() {
                let mut word = word;
                while word != 0 {
                    let j = w * 64 + word.trailing_zeros() as usize;
                    out[c].push(CapIx(chunk[j] as u32));
                    word &= word - 1;
                }
            }
        }
    }
    out
}
