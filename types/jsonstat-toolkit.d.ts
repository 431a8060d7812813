// jsonstat-toolkit ships no type declarations; the parts the tool uses are typed where they are called.
declare module 'jsonstat-toolkit';
