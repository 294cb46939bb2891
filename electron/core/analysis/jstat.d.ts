// Minimal typings for the parts of jstat (MIT, no bundled types) that the analysis uses.
declare module 'jstat' {
  interface Continuous {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  interface Discrete {
    pdf(k: number, ...params: number[]): number;
    cdf(k: number, ...params: number[]): number;
  }
  interface JStat {
    normal: Continuous;
    studentt: Continuous;
    centralF: Continuous;
    chisquare: Continuous;
    beta: Continuous;
    binomial: Discrete;
    /** Regularized incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
  }
  const jStat: JStat;
  export default jStat;
}
