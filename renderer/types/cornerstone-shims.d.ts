// cornerstone-tools, cornerstone-math and hammerjs ship no types; we use a small, explicit surface of them.
declare module 'cornerstone-tools' {
  const tools: {
    external: { cornerstone: unknown; cornerstoneMath: unknown; Hammer: unknown };
    init(config?: Record<string, unknown>): void;
    addTool(tool: unknown, config?: Record<string, unknown>): void;
    setToolActive(name: string, options: Record<string, unknown>): void;
    setToolPassive(name: string, options?: Record<string, unknown>): void;
    setToolEnabled(name: string, options?: Record<string, unknown>): void;
    addStackStateManager(element: HTMLElement, types: string[]): void;
    addToolState(element: HTMLElement, type: string, data: unknown): void;
    clearToolState(element: HTMLElement, type: string): void;
    getToolState(element: HTMLElement, type: string): { data: Record<string, unknown>[] } | undefined;
    importInternal(path: string): unknown;
    [tool: string]: unknown;
  };
  export default tools;
}
declare module 'cornerstone-math' {
  const math: unknown;
  export default math;
}
declare module 'hammerjs' {
  const Hammer: unknown;
  export default Hammer;
}
